//! Django 4.2's `PickleSerializer` in the page: the engine's pickle code
//! ([`sessionscope_engine::pickle`]) is needed only by scenarios that name that serializer, so
//! in the page's build it is a part loaded on demand (the split point `session_pickle`). Runs
//! use [`PAGE_PICKLE`], which calls the engine's pickle once [`load`] has fetched it; until then
//! it writes nothing and reads nothing ([`PickleError::Unavailable`]), and the page runs the
//! scenario again as soon as it has loaded (`components::app`), so what is shown is the
//! engine's bytes.

use std::sync::OnceLock;

use leptos::wasm_split::SplitLoaderError;
use sessionscope_engine::json::Value;
use sessionscope_engine::pickle::{PickleError, SessionPickle};

/// The engine's pickle, once loaded.
static LOADED: OnceLock<&'static (dyn SessionPickle + Sync)> = OnceLock::new();

/// The pickle the page's runs pass the engine ([`sessionscope_engine::scenario::run_with`]).
#[derive(Debug)]
pub struct PagePickle;

/// The one [`PagePickle`].
pub static PAGE_PICKLE: PagePickle = PagePickle;

impl SessionPickle for PagePickle {
    fn dumps(&self, value: &Value) -> Vec<u8> {
        LOADED
            .get()
            .map(|pickle| pickle.dumps(value))
            .unwrap_or_default()
    }

    fn loads(&self, data: &[u8]) -> Result<Value, PickleError> {
        match LOADED.get() {
            Some(pickle) => pickle.loads(data),
            None => Err(PickleError::Unavailable),
        }
    }
}

/// Whether the engine's pickle has loaded.
pub fn is_loaded() -> bool {
    LOADED.get().is_some()
}

/// Fetches the engine's pickle code (once; a failed fetch is not remembered).
pub async fn load() -> Result<(), SplitLoaderError> {
    if is_loaded() {
        return Ok(());
    }
    install_engine_pickle().await
}

/// Makes the engine's pickle the one runs use (a split point in the page's build: its code,
/// and the pickle code only it reaches, is fetched the first time).
#[cfg(sessionscope_split)]
#[allow(improper_ctypes_definitions)]
#[leptos::wasm_split::wasm_split(
    session_pickle,
    wasm_split_path = ::leptos::wasm_split,
    fallible
)]
fn install_engine_pickle() -> Result<(), SplitLoaderError> {
    let _ = LOADED.set(&sessionscope_engine::pickle::DataPickle);
    Ok(())
}

/// Makes the engine's pickle the one runs use.
#[cfg(not(sessionscope_split))]
async fn install_engine_pickle() -> Result<(), SplitLoaderError> {
    let _ = LOADED.set(&sessionscope_engine::pickle::DataPickle);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sessionscope_engine::json::Dict;
    use std::future::Future;

    #[test]
    fn nothing_is_read_before_the_code_loads_and_the_engine_reads_after() {
        let mut dict = Dict::new();
        dict.insert("cart", Value::from("book"));
        let value = Value::Dict(dict);
        if !is_loaded() {
            assert_eq!(PAGE_PICKLE.dumps(&value), Vec::<u8>::new());
            assert_eq!(PAGE_PICKLE.loads(&[0x80, 5]), Err(PickleError::Unavailable));
        }
        // Outside the page's build the code is at hand: the future is ready at once.
        let mut loading = std::pin::pin!(load());
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        assert!(matches!(
            loading.as_mut().poll(&mut context),
            std::task::Poll::Ready(Ok(()))
        ));
        assert!(is_loaded());
        let bytes = PAGE_PICKLE.dumps(&value);
        assert_eq!(bytes, sessionscope_engine::pickle::dumps(&value));
        assert_eq!(PAGE_PICKLE.loads(&bytes), Ok(value));
    }
}
