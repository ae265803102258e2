//! Cookie paths: the default-path of a cookie and path-match (RFC 6265bis §5.1.4), and the
//! `Path` attribute (§5.6.4, §5.7 step 11).

/// The default-path of a cookie set by a response to a URL with path `uri_path`
/// (RFC 6265bis §5.1.4): everything up to, but not including, the right-most `/`, or `/` when
/// that would be empty. `/a/b/c` → `/a/b`, `/two/` → `/two`, `/one` → `/`.
pub fn default_path(uri_path: &str) -> &str {
    if !uri_path.starts_with('/') {
        return "/";
    }
    match uri_path.rfind('/') {
        Some(0) | None => "/",
        Some(last_slash) => &uri_path[..last_slash],
    }
}

/// The cookie's path from its `Path` attribute value, if any (§5.6.4): a value that is empty or
/// does not start with `/` gives the default-path, and so does no attribute at all (§5.7 step
/// 11). Chromium's `cookie_util::CanonPathWithString` does the same.
pub fn cookie_path<'a>(path_attribute: Option<&'a str>, uri_path: &'a str) -> &'a str {
    match path_attribute {
        Some(path) if path.starts_with('/') => path,
        _ => default_path(uri_path),
    }
}

/// Whether `request_path` path-matches `cookie_path` (RFC 6265bis §5.1.4): they are identical,
/// or `cookie_path` is a prefix of `request_path` that ends with `/` or is followed by `/`.
/// Case-sensitive: `/SHOP` does not match `/shop`.
pub fn path_matches(request_path: &str, cookie_path: &str) -> bool {
    if cookie_path.is_empty() || !request_path.starts_with(cookie_path) {
        return false;
    }
    request_path.len() == cookie_path.len()
        || cookie_path.ends_with('/')
        || request_path.as_bytes()[cookie_path.len()] == b'/'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_path_is_up_to_the_last_slash() {
        assert_eq!(default_path("/a/b/c"), "/a/b");
        assert_eq!(default_path("/two/"), "/two");
        assert_eq!(default_path("/three/x/"), "/three/x");
        assert_eq!(default_path("/one"), "/");
        assert_eq!(default_path("/"), "/");
        assert_eq!(default_path(""), "/");
        assert_eq!(default_path("relative/x"), "/");
    }

    #[test]
    fn a_path_attribute_must_start_with_a_slash() {
        assert_eq!(cookie_path(Some("/shop"), "/four/x"), "/shop");
        assert_eq!(cookie_path(Some("shop"), "/four/x"), "/four");
        assert_eq!(cookie_path(Some(""), "/four/x"), "/four");
        assert_eq!(cookie_path(None, "/four/x"), "/four");
    }

    #[test]
    fn path_match_follows_directory_boundaries() {
        assert!(path_matches("/shop", "/shop"));
        assert!(path_matches("/shop/", "/shop"));
        assert!(path_matches("/shop/cart", "/shop"));
        assert!(!path_matches("/shopping", "/shop"));
        assert!(!path_matches("/SHOP", "/shop"));
        assert!(!path_matches("/", "/shop"));
        assert!(!path_matches("/shop", "/shop/"));
        assert!(path_matches("/shop/cart", "/shop/"));
        assert!(path_matches("/anything", "/"));
        assert!(!path_matches("/x", ""));
    }
}
