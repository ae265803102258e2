//! `SessionMiddleware` and the bits of Django's HTTP layer it relies on: cookie parsing and
//! rendering (`http.cookies`, `django.http.cookie`), `set_cookie`/`delete_cookie`,
//! `patch_vary_headers`, and exception-to-response conversion.

mod cookies;
mod response;
mod session_middleware;

pub use cookies::{
    is_legal_key, parse_cookie, quote, unquote, wsgi_header_text, Morsel, RequestCookies,
};
pub use response::{
    patch_vary_headers, patch_vary_headers_for, CookieOptions, HttpResponse, EPOCH_HTTP_DATE,
};
pub use session_middleware::{
    handle_request, process_request, process_response, response_for_exception, Handled, InFlight,
};
