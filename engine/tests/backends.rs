//! The shared behavioural suite: the same tests run against every session engine through the
//! `SessionStore` interface, with the differences Django documents asserted explicitly
//! (signed cookies cannot be revoked, have no server record, and expire one boundary later).

use sessionscope_engine::event::EventLog;
use sessionscope_engine::json::{Dict, Value};
use sessionscope_engine::keys::SequentialKeys;
use sessionscope_engine::session::{
    store_for, Engine, Env, ExpiryValue, Server, Session, SessionError, Settings, SqlQuery,
};

/// A server, a clock and a key generator shared by several simulated requests.
struct World {
    server: Server,
    keys: SequentialKeys,
    settings: Settings,
    now: f64,
    events: EventLog,
    queries: Vec<SqlQuery>,
}

impl World {
    fn new() -> World {
        World {
            server: Server::default(),
            keys: SequentialKeys::default(),
            settings: Settings::default(),
            now: 1_700_000_000.0,
            events: EventLog::new(),
            queries: Vec::new(),
        }
    }

    fn env(&mut self) -> Env<'_> {
        Env {
            now: self.now,
            settings: &self.settings,
            keys: &mut self.keys,
            server: &mut self.server,
            events: &mut self.events,
            queries: &mut self.queries,
            django: sessionscope_engine::version::DjangoVersion::DEFAULT,
            pickle: &sessionscope_engine::pickle::DataPickle,
        }
    }

    fn session(&self, engine: Engine, key: Option<&str>) -> Session {
        Session::new(engine, key, &self.settings.cookie_name)
    }

    /// One request that stores `data` in a new session; returns the cookie value.
    fn save_new(&mut self, engine: Engine, data: &[(&str, i64)]) -> String {
        let mut session = self.session(engine, None);
        let mut env = self.env();
        for (k, v) in data {
            session.set_item(k, Value::from(*v), &mut env).unwrap();
        }
        session.save(false, &mut env).unwrap();
        session.session_key().unwrap().to_owned()
    }

    /// One request that reads the whole session for `key`; returns the data and the key the
    /// session ends up with.
    fn load(&mut self, engine: Engine, key: &str) -> (Dict, Option<String>) {
        let mut session = self.session(engine, Some(key));
        let mut env = self.env();
        let data = session.items(&mut env).unwrap();
        (data, session.session_key().map(str::to_owned))
    }
}

fn cart(n: i64) -> Dict {
    let mut d = Dict::new();
    d.insert("cart", Value::from(n));
    d
}

fn has_server_record(engine: Engine) -> bool {
    engine != Engine::SignedCookies
}

#[test]
fn saved_data_loads_back_on_every_engine() {
    for engine in Engine::ALL {
        let mut world = World::new();
        let key = world.save_new(engine, &[("cart", 2)]);
        let (data, loaded_key) = world.load(engine, &key);
        assert_eq!(data, cart(2), "{engine}");
        assert_eq!(loaded_key.as_deref(), Some(key.as_str()), "{engine}");
    }
}

#[test]
fn unknown_or_garbage_keys_give_an_empty_session() {
    for engine in Engine::ALL {
        for key in [
            "sess0000000000000000000000009999",
            "NOT/A/KEY/../..",
            "é€ünicode key",
        ] {
            let mut world = World::new();
            world.save_new(engine, &[("cart", 1)]);
            let (data, loaded_key) = world.load(engine, key);
            assert!(data.is_empty(), "{engine} {key:?}");
            if has_server_record(engine) {
                assert_eq!(loaded_key, None, "{engine} forgets an unknown key");
            }
        }
    }
}

#[test]
fn flush_revokes_the_record_except_for_signed_cookies() {
    for engine in Engine::ALL {
        let mut world = World::new();
        let key = world.save_new(engine, &[("user", 7)]);
        let mut session = world.session(engine, Some(&key));
        let mut env = world.env();
        session.flush(&mut env).unwrap();
        assert!(session.is_empty(), "{engine}");
        assert_eq!(session.session_key(), None, "{engine}");
        let (replayed, _) = world.load(engine, &key);
        if has_server_record(engine) {
            assert!(
                replayed.is_empty(),
                "{engine}: a flushed key no longer loads"
            );
        } else {
            assert_eq!(
                replayed.get("user"),
                Some(&Value::from(7)),
                "signed cookies replay"
            );
        }
    }
}

#[test]
fn cycle_key_keeps_the_data_under_a_new_key() {
    for engine in Engine::ALL {
        let mut world = World::new();
        world.now += 1.0; // a different timestamp, so even the signed value changes
        let old = world.save_new(engine, &[("cart", 3)]);
        world.now += 1.0;
        let mut session = world.session(engine, Some(&old));
        let mut env = world.env();
        session.set_item("user", Value::from(1), &mut env).unwrap();
        session.cycle_key(&mut env).unwrap();
        session.save(false, &mut env).unwrap();
        let new = session.session_key().unwrap().to_owned();
        assert_ne!(new, old, "{engine}");
        let (data, _) = world.load(engine, &new);
        assert_eq!(data.get("cart"), Some(&Value::from(3)), "{engine}");
        assert_eq!(data.get("user"), Some(&Value::from(1)), "{engine}");
        let (old_data, _) = world.load(engine, &old);
        assert_eq!(old_data.is_empty(), has_server_record(engine), "{engine}");
    }
}

#[test]
fn expiry_boundary_second() {
    // db, cache and file sessions are gone at exactly SESSION_COOKIE_AGE; a signed cookie is
    // still valid then (`age > max_age` is needed to expire) and gone a microsecond later.
    for engine in Engine::ALL {
        let mut world = World::new();
        world.settings.cookie_age = 100;
        let key = world.save_new(engine, &[("cart", 1)]);
        world.now += 99.0;
        assert_eq!(
            world.load(engine, &key).0,
            cart(1),
            "{engine} before expiry"
        );
        world.now += 1.0;
        let at_boundary = world.load(engine, &key).0;
        assert_eq!(
            at_boundary.is_empty(),
            has_server_record(engine),
            "{engine} at expiry"
        );
        world.now += 0.001;
        assert!(
            world.load(engine, &key).0.is_empty(),
            "{engine} after expiry"
        );
    }
}

#[test]
fn saving_after_the_record_vanished_is_an_update_error() {
    for engine in Engine::ALL {
        let mut world = World::new();
        let key = world.save_new(engine, &[("cart", 1)]);
        let mut session = world.session(engine, Some(&key));
        let mut env = world.env();
        session.set_item("cart", Value::from(2), &mut env).unwrap();
        let mut other = Session::new(engine, None, "sessionid");
        other.delete(Some(&key), &mut env).unwrap();
        let outcome = session.save(false, &mut env);
        if has_server_record(engine) {
            assert_eq!(outcome, Err(SessionError::UpdateError), "{engine}");
        } else {
            assert_eq!(outcome, Ok(()), "signed cookies have nothing to lose");
        }
    }
}

#[test]
fn exists_reports_server_records_only() {
    for engine in Engine::ALL {
        let mut world = World::new();
        let key = world.save_new(engine, &[("cart", 1)]);
        let mut probe = world.session(engine, None);
        let mut env = world.env();
        let store = store_for(engine);
        assert_eq!(store.engine(), engine);
        assert_eq!(
            store.exists(&mut probe, &key, &mut env).unwrap(),
            has_server_record(engine),
            "{engine}"
        );
        assert!(!store
            .exists(&mut probe, "sess0000000000000000000000000404", &mut env)
            .unwrap());
    }
}

#[test]
fn clear_expired_removes_only_expired_records() {
    for engine in Engine::ALL {
        let mut world = World::new();
        world.settings.cookie_age = 10;
        let old = world.save_new(engine, &[("n", 1)]);
        world.now += 20.0;
        let fresh = world.save_new(engine, &[("n", 2)]);
        let store = store_for(engine);
        store.clear_expired(&mut world.env()).unwrap();
        let rows = world.server.table.rows().count();
        let files = world.server.files.files().count();
        let cached = world.server.cache.entries().len();
        match engine {
            Engine::Db => assert_eq!(rows, 1),
            Engine::CachedDb => assert_eq!((rows, cached), (1, 2), "the cache expires lazily"),
            Engine::File => assert_eq!(files, 1),
            Engine::Cache => assert_eq!(cached, 2, "nothing to clear in a cache"),
            Engine::SignedCookies => assert_eq!((rows, files, cached), (0, 0, 0)),
        }
        assert_eq!(
            world.load(engine, &fresh).0.get("n"),
            Some(&Value::from(2)),
            "{engine}"
        );
        assert!(world.load(engine, &old).0.is_empty(), "{engine}");
    }
}

#[test]
fn set_expiry_zero_means_browser_close_on_every_engine() {
    for engine in Engine::ALL {
        let mut world = World::new();
        let mut session = world.session(engine, None);
        let mut env = world.env();
        session
            .set_expiry(ExpiryValue::Raw(Value::from(0)), &mut env)
            .unwrap();
        assert!(
            session.get_expire_at_browser_close(&mut env).unwrap(),
            "{engine}"
        );
        session.set_expiry(ExpiryValue::Clear, &mut env).unwrap();
        assert!(
            !session.get_expire_at_browser_close(&mut env).unwrap(),
            "{engine}"
        );
        assert_eq!(
            session.get_expiry_age(&mut env).unwrap().to_value(),
            Value::from(1_209_600)
        );
    }
}

#[test]
fn every_engine_records_what_it_did() {
    for engine in Engine::ALL {
        let mut world = World::new();
        world.save_new(engine, &[("cart", 1)]);
        assert!(!world.events.events().is_empty(), "{engine}");
        assert_eq!(!world.queries.is_empty(), engine.uses_db(), "{engine}");
    }
}
