//! `sessionscope guess-key` and the weak-key warnings, driven as a user would: a cookie real
//! Django 5.2 set (conformance trace cart_basic__signed_cookies), word lists written to files.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use sessionscope_engine::session::DEFAULT_SECRET_KEY;

/// Set by real Django 5.2 with `DEFAULT_SECRET_KEY` (the conformance trace
/// cart_basic__signed_cookies, step 1).
const DJANGO_COOKIE: &str =
    "eyJjYXJ0Ijp7InAxIjoyfX0:1r31eq:ftez7rwYyN3H8t-vDufJ-pYL05MSn3jAFIO0sWBFNkI";

fn sessionscope(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sessionscope"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        pipe.write_all(bytes).unwrap();
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A word list in a file of its own (removed when dropped).
struct WordList(PathBuf);

impl WordList {
    fn new(name: &str, bytes: &[u8]) -> WordList {
        let path = std::env::temp_dir().join(format!(
            "sessionscope-guess-{}-{name}.txt",
            std::process::id()
        ));
        std::fs::write(&path, bytes).unwrap();
        WordList(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for WordList {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `count` wrong keys, one per line, with `\r\n` line ends and an empty line every 1,000.
fn wrong_keys(count: usize) -> Vec<u8> {
    let mut list = Vec::new();
    for i in 0..count {
        list.extend_from_slice(
            format!("not-the-key-{i:08}-padding-padding-padding\r\n").as_bytes(),
        );
        if i % 1000 == 999 {
            list.extend_from_slice(b"\r\n");
        }
    }
    list
}

fn line_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

#[test]
fn the_key_django_signed_with_is_found_on_its_line_across_pieces_and_threads() {
    // About 3.5 MB: many 256 KiB pieces, shared by two threads.
    let mut list = wrong_keys(60_000);
    let line = line_count(&list) + 1;
    list.extend_from_slice(DEFAULT_SECRET_KEY.as_bytes());
    list.extend_from_slice(b"\r\nafter\r\n");
    let file = WordList::new("found", &list);
    let output = sessionscope(
        &[
            "guess-key",
            DJANGO_COOKIE,
            "--wordlist",
            file.path(),
            "--threads",
            "2",
        ],
        None,
    );
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    let line_words = format!("found      line {} of {}", thousands(line), file.path());
    assert!(stdout.starts_with(&line_words), "{stdout}");
    assert!(
        stdout.contains(&format!("key        {DEFAULT_SECRET_KEY:?}")),
        "{stdout}"
    );
    assert!(
        stdout.contains("salt       \"django.contrib.sessions.backends.signed_cookies\""),
        "{stdout}"
    );
    let stderr = text(&output.stderr);
    assert!(stderr.contains("keys/s, 2 threads)"), "{stderr}");
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn a_key_with_trailing_spaces_is_tried_with_and_without_them() {
    let list = format!("first\n\n{DEFAULT_SECRET_KEY}  \t\nlast\n");
    let file = WordList::new("spaces", list.as_bytes());
    let output = sessionscope(
        &["guess-key", DJANGO_COOKIE, "--wordlist", file.path()],
        None,
    );
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.starts_with("found      line 3 of "), "{stdout}");
    assert!(
        stdout.contains("the line ends in spaces or tabs; the key is the line without them"),
        "{stdout}"
    );
}

#[test]
fn a_list_without_the_key_exits_1_and_says_what_was_tried() {
    let file = WordList::new("missing", &wrong_keys(2_500));
    // The Cookie header form, the salt named: one salt.
    let header = format!("Cookie: csrftoken=abc; sessionid={DJANGO_COOKIE}");
    let output = sessionscope(
        &[
            "guess-key",
            &header,
            "--wordlist",
            file.path(),
            "--salt",
            "django.contrib.sessions.SessionStore",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("not found: none of the 2,500 keys on the 2,502 lines of "),
        "{stdout}"
    );
    assert!(
        stdout.contains("(salt \"django.contrib.sessions.SessionStore\")"),
        "{stdout}"
    );
}

#[test]
fn the_word_list_may_come_from_standard_input() {
    let list = format!("a\nb\n{DEFAULT_SECRET_KEY}\n");
    let output = sessionscope(
        &["guess-key", DJANGO_COOKIE, "--wordlist", "-"],
        Some(list.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(text(&output.stdout).starts_with("found      line 3 of standard input"));
}

#[test]
fn what_cannot_be_guessed_exits_3_and_usage_errors_exit_2() {
    let file = WordList::new("inputs", b"key\n");
    let cases: [(&[&str], i32, &str); 6] = [
        (
            &[
                "guess-key",
                "abcdefghijklmnopqrstuvwxyz012345",
                "--wordlist",
                file.path(),
            ],
            3,
            "session key",
        ),
        (
            &[
                "guess-key",
                "eyJhIjoxfQ:1r31eq:2jmj7l5rSw0yVb_vlWAYkK_YBwk",
                "--wordlist",
                file.path(),
            ],
            3,
            "HMAC-SHA1",
        ),
        (
            &["guess-key", "plain", "--wordlist", file.path()],
            3,
            "not a signed value",
        ),
        (
            &[
                "guess-key",
                DJANGO_COOKIE,
                "--wordlist",
                "/nonexistent/keys.txt",
            ],
            3,
            "cannot open",
        ),
        (&["guess-key", DJANGO_COOKIE], 2, "missing --wordlist"),
        (
            &[
                "guess-key",
                DJANGO_COOKIE,
                "--wordlist",
                file.path(),
                "--threads",
                "0",
            ],
            2,
            "--threads",
        ),
    ];
    for (args, code, words) in cases {
        let output = sessionscope(args, None);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(words), "{args:?}: {stderr}");
    }
    let help = sessionscope(&["guess-key", "--help"], None);
    assert!(text(&help.stdout).contains("Exit codes: 0 the key was found, 1 no line is the key"));
}

#[test]
fn decode_warns_of_weak_keys_on_standard_error_only() {
    let weak = "django-insecure-8l)z3#m@y4w!e0b$p^q5r_c=&k9v+x(t2s-u7h1n6j*f-a0g$o%d";
    let args = [
        "decode",
        DJANGO_COOKIE,
        "--key",
        weak,
        "--key",
        "short",
        "--time",
        "1700000060",
    ];
    let output = sessionscope(&args, None);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("sessionscope decode: warning: SECRET_KEY (the first --key) is weak: starts with \"django-insecure-\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("SECRET_KEY_FALLBACKS[0] (--key number 2) is weak: 5 characters, under 50 (security.W025)"),
        "{stderr}"
    );
    assert!(!text(&output.stdout).contains("weak"));
    let strong = sessionscope(
        &[
            "decode",
            DJANGO_COOKIE,
            "--key",
            DEFAULT_SECRET_KEY,
            "--time",
            "1700000060",
        ],
        None,
    );
    assert_eq!(text(&strong.stderr), "");
    assert_eq!(strong.status.code(), Some(0));
}
