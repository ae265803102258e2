//! `sessionscope guess-key`: which line of a word list is the `SECRET_KEY` that signed a
//! value. The engine checks keys ([`GuessTarget::check_lines`]); this file reads the list a
//! piece at a time (never whole), shares the pieces among one thread per core and reports
//! progress on standard error.

use std::fs::File;
use std::io::{IsTerminal, Read};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use sessionscope_engine::decoder::{salt_use, KNOWN_SALTS};
use sessionscope_engine::secret_key::{
    key_weaknesses, line_count, piece_end, FoundKey, GuessTarget,
};

use crate::args::{parse, OptionSpec};
use crate::{argument_or_stdin, help, usage, Failure, Output};

pub const HELP: &str = "\
Usage: sessionscope guess-key COOKIE --wordlist FILE [--salt S] [--cookie-name NAME] [--threads N]

Tries every line of FILE as SECRET_KEY against the value's signature, the check Django's
signing.loads makes for one key, on every core, and prints the key and its line if one signs
it. Use it on your own cookies: a key found in a list of known keys is a key anyone can use to
sign sessions your site accepts.

  COOKIE           the signed value (a session cookie, session_data or any signing.dumps
                   value); a Cookie: header or name=value pairs work too; - reads standard input
  --wordlist FILE  one candidate key per line (- reads standard input); read a piece at a time,
                   any size. Line ends \\n or \\r\\n; empty lines are skipped; a line ending in
                   spaces or tabs is tried as written and without them
  --salt S         the salt; by default Django's session salts are tried in turn:
                   django.contrib.sessions.backends.signed_cookies, django.contrib.sessions.SessionStore,
                   django.core.signing (each key costs three checks; one salt is three times faster)
  --cookie-name N  the session cookie's name in a Cookie: header (default sessionid)
  --threads N      how many threads check keys (default: one per core)

Progress (keys tried, keys per second, share of the file) goes to standard error.
Exit codes: 0 the key was found, 1 no line is the key, 2 usage error, 3 input error (the file
cannot be read, or the value is not a signed SHA-256 value: a session key, no signature, or the
SHA-1 signature of Django before 3.1).

Example:
  sessionscope guess-key 'eyJjYXJ0Ijp7InAxIjoyfX0:1r31eq:ftez7rwYyN3H8t-vDufJ-pYL05MSn3jAFIO0sWBFNkI' \\
      --wordlist keys.txt
";

const OPTIONS: [OptionSpec; 4] = [
    OptionSpec::value("wordlist"),
    OptionSpec::value("salt"),
    OptionSpec::value("cookie-name"),
    OptionSpec::value("threads"),
];

/// The pieces of the list handed to the threads, in bytes (about 5,000 keys of 50 characters).
const PIECE_BYTES: usize = 256 * 1024;
/// How often progress is reported on a terminal (elsewhere, every [`PLAIN_PROGRESS`]).
const TERMINAL_PROGRESS: Duration = Duration::from_millis(250);
const PLAIN_PROGRESS: Duration = Duration::from_secs(5);

/// Runs `sessionscope guess-key` with `args`.
pub fn command(args: &[String]) -> Result<Output, Failure> {
    let parsed = parse(args, &OPTIONS).map_err(usage)?;
    if parsed.help {
        return help(HELP);
    }
    let cookie = parsed.single_positional("COOKIE").map_err(usage)?;
    let wordlist = parsed
        .value("wordlist")
        .map_err(usage)?
        .ok_or_else(|| usage("missing --wordlist FILE"))?;
    if cookie == "-" && wordlist == "-" {
        return Err(usage("COOKIE and --wordlist cannot both be standard input"));
    }
    let threads = match parsed.value("threads").map_err(usage)? {
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (1..=1024).contains(&n) => n,
            _ => return Err(usage(format!("--threads wants 1 to 1024, not {text:?}"))),
        },
    };
    let salts: Vec<String> = match parsed.value("salt").map_err(usage)? {
        Some(salt) => vec![salt.to_owned()],
        None => KNOWN_SALTS.iter().map(|k| k.salt.to_owned()).collect(),
    };
    let cookie_name = parsed
        .value("cookie-name")
        .map_err(usage)?
        .unwrap_or("sessionid");
    let text = argument_or_stdin(cookie)?;
    let value = session_value(&text, cookie_name)?;
    let target = GuessTarget::new(&value, &salts).map_err(|e| Failure::Input(e.to_string()))?;
    let (reader, size): (Box<dyn Read + Send>, Option<u64>) = if wordlist == "-" {
        (Box::new(std::io::stdin()), None)
    } else {
        let file = File::open(wordlist)
            .map_err(|e| Failure::Input(format!("cannot open {wordlist}: {e}")))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let search = Search::run(&target, reader, size, threads, wordlist)?;
    Ok(report(&search, &target, wordlist))
}

/// The session value in what was given: the value itself, or the cookie named `name` (or the
/// only cookie) of a `Cookie:` header or `name=value` pairs, without quotes.
fn session_value(text: &str, name: &str) -> Result<String, Failure> {
    let mut text = text.trim();
    for header in ["set-cookie:", "cookie:"] {
        if text
            .get(..header.len())
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case(header))
        {
            text = text[header.len()..].trim();
        }
    }
    let pairs: Vec<(&str, &str)> = text
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(key, _)| !key.is_empty() && !key.contains(':'))
        .collect();
    let value = if pairs.is_empty() {
        text
    } else if let Some((_, value)) = pairs.iter().find(|(key, _)| key.trim() == name) {
        value
    } else if let [(_, value)] = pairs.as_slice() {
        value
    } else {
        let names: Vec<&str> = pairs.iter().map(|(key, _)| key.trim()).collect();
        return Err(Failure::Input(format!(
            "no cookie named {name:?} among {} (give --cookie-name)",
            names.join(", ")
        )));
    };
    let value = value.trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    if value.is_empty() {
        return Err(Failure::Input("the cookie value is empty".to_owned()));
    }
    Ok(value.to_owned())
}

/// What the threads share.
struct Shared {
    tried: AtomicU64,
    bytes_done: AtomicU64,
    trailing_space_lines: AtomicU64,
    stop: AtomicBool,
    found: Mutex<Option<FoundKey>>,
}

/// A finished search.
struct Search {
    found: Option<FoundKey>,
    tried: u64,
    lines: u64,
    trailing_space_lines: u64,
    seconds: f64,
    threads: usize,
}

impl Search {
    fn run(
        target: &GuessTarget,
        mut reader: Box<dyn Read + Send>,
        size: Option<u64>,
        threads: usize,
        name: &str,
    ) -> Result<Search, Failure> {
        let shared = Shared {
            tried: AtomicU64::new(0),
            bytes_done: AtomicU64::new(0),
            trailing_space_lines: AtomicU64::new(0),
            stop: AtomicBool::new(false),
            found: Mutex::new(None),
        };
        let started = Instant::now();
        let (sender, receiver) = sync_channel::<(Vec<u8>, u64)>(threads * 2);
        let receiver = Mutex::new(receiver);
        let reading_done = AtomicBool::new(false);
        let lines = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| scope.spawn(|| work(target, &receiver, &shared)))
                .collect();
            scope.spawn(|| progress(&shared, &reading_done, size, name, started));
            let read = read_pieces(&mut reader, |piece, first_line| {
                !shared.stop.load(Ordering::Relaxed) && sender.send((piece, first_line)).is_ok()
            });
            drop(sender);
            for worker in workers {
                let _ = worker.join();
            }
            // Ends the progress reports (the scope waits for them).
            reading_done.store(true, Ordering::Relaxed);
            read
        })?;
        Ok(Search {
            found: shared
                .found
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner),
            tried: shared.tried.into_inner(),
            lines,
            trailing_space_lines: shared.trailing_space_lines.into_inner(),
            seconds: started.elapsed().as_secs_f64(),
            threads,
        })
    }
}

/// Reads the list a piece at a time, each ending at a line end, and hands each over with the
/// number of its first line; stops when `hand_over` says so. The number of lines read.
fn read_pieces(
    reader: &mut dyn Read,
    mut hand_over: impl FnMut(Vec<u8>, u64) -> bool,
) -> Result<u64, Failure> {
    let mut pending: Vec<u8> = Vec::with_capacity(PIECE_BYTES * 2);
    let mut line = 1u64;
    let mut at_end = false;
    while !(at_end && pending.is_empty()) {
        if !at_end && pending.len() < PIECE_BYTES {
            at_end = fill(reader, &mut pending)?;
            continue;
        }
        let Some(end) = piece_end(&pending, PIECE_BYTES, at_end) else {
            // One line longer than a piece: read on until it ends.
            at_end = fill(reader, &mut pending)?;
            continue;
        };
        let rest = pending.split_off(end);
        let piece = std::mem::replace(&mut pending, rest);
        let lines = line_count(&piece);
        if !hand_over(piece, line) {
            return Ok(line - 1);
        }
        line += lines;
    }
    Ok(line - 1)
}

/// Reads up to [`PIECE_BYTES`] more onto `pending`; whether the list has ended.
fn fill(reader: &mut dyn Read, pending: &mut Vec<u8>) -> Result<bool, Failure> {
    let start = pending.len();
    pending.resize(start + PIECE_BYTES, 0);
    let read = loop {
        match reader.read(&mut pending[start..]) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            other => break other,
        }
    };
    let read = read.map_err(|e| Failure::Input(format!("cannot read the word list: {e}")))?;
    pending.truncate(start + read);
    Ok(read == 0)
}

fn work(target: &GuessTarget, pieces: &Mutex<Receiver<(Vec<u8>, u64)>>, shared: &Shared) {
    loop {
        let next = pieces.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok((piece, first_line)) = next else {
            return;
        };
        if shared.stop.load(Ordering::Relaxed) {
            continue;
        }
        let outcome = target.check_lines(&piece, first_line);
        shared.tried.fetch_add(outcome.tried, Ordering::Relaxed);
        shared
            .trailing_space_lines
            .fetch_add(outcome.trailing_space_lines, Ordering::Relaxed);
        shared
            .bytes_done
            .fetch_add(piece.len() as u64, Ordering::Relaxed);
        if let Some(found) = outcome.found {
            let mut best = shared.found.lock().unwrap_or_else(PoisonError::into_inner);
            if best.as_ref().is_none_or(|b| found.line < b.line) {
                *best = Some(found);
            }
            shared.stop.store(true, Ordering::Relaxed);
        }
    }
}

/// Reports progress on standard error until the search ends: on a terminal one line
/// rewritten in place, elsewhere a line every few seconds.
fn progress(shared: &Shared, done: &AtomicBool, size: Option<u64>, name: &str, started: Instant) {
    let terminal = std::io::stderr().is_terminal();
    let every = if terminal {
        TERMINAL_PROGRESS
    } else {
        PLAIN_PROGRESS
    };
    let mut last = Instant::now();
    let mut shown = false;
    while !done.load(Ordering::Relaxed) && !shared.stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(50));
        if last.elapsed() < every || done.load(Ordering::Relaxed) {
            continue;
        }
        last = Instant::now();
        let tried = shared.tried.load(Ordering::Relaxed);
        let rate = tried as f64 / started.elapsed().as_secs_f64();
        let share = size.filter(|&s| s > 0).map_or(String::new(), |s| {
            let done = shared.bytes_done.load(Ordering::Relaxed) as f64;
            format!(", {:.1}% of {name}", 100.0 * done / s as f64)
        });
        let line = format!(
            "tried {} keys, {} keys/s{share}",
            thousands(tried),
            thousands(rate as u64)
        );
        if terminal {
            eprint!("\r{line}\x1b[K");
            shown = true;
        } else {
            eprintln!("sessionscope guess-key: {line}");
        }
    }
    if shown {
        eprint!("\r\x1b[K");
    }
}

fn report(search: &Search, target: &GuessTarget, wordlist: &str) -> Output {
    let rate = search.tried as f64 / search.seconds.max(1e-9);
    eprintln!(
        "sessionscope guess-key: tried {} keys in {:.2} s ({} keys/s, {} thread{})",
        thousands(search.tried),
        search.seconds,
        thousands(rate as u64),
        search.threads,
        if search.threads == 1 { "" } else { "s" }
    );
    let list = if wordlist == "-" {
        "standard input"
    } else {
        wordlist
    };
    let Some(found) = &search.found else {
        let salts: Vec<String> = target.salts().map(|s| format!("{s:?}")).collect();
        let mut text = format!(
            "not found: none of the {} keys on the {} lines of {list} signs the value (salt {})\n",
            thousands(search.tried),
            thousands(search.lines),
            salts.join(", ")
        );
        if search.trailing_space_lines > 0 {
            text += &format!(
                "note       {} lines end in spaces or tabs: each was tried as written and without them\n",
                thousands(search.trailing_space_lines)
            );
        }
        return Output {
            text,
            rejected: true,
        };
    };
    let mut lines = vec![
        format!("found      line {} of {list}", thousands(found.line)),
        format!("key        {:?}", found.key),
        match salt_use(&found.salt) {
            Some(used) => format!("salt       {:?}: {used}", found.salt),
            None => format!("salt       {:?}", found.salt),
        },
    ];
    if found.without_trailing_space {
        lines.push(
            "note       the line ends in spaces or tabs; the key is the line without them"
                .to_owned(),
        );
    } else if found.key.ends_with([' ', '\t']) {
        lines.push(
            "note       the key ends in spaces or tabs, as the line does: SECRET_KEY holds them"
                .to_owned(),
        );
    }
    for weakness in key_weaknesses(&found.key) {
        lines.push(format!("weak       {}", weakness.sentence()));
    }
    lines.push(
        "meaning    anyone with this list can sign session cookies this site accepts: set a new \
         SECRET_KEY (and move this one to SECRET_KEY_FALLBACKS only while sessions move over)"
            .to_owned(),
    );
    Output {
        text: lines.join("\n") + "\n",
        rejected: false,
    }
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_picked_from_a_header() {
        let pick = |text: &str, name: &str| session_value(text, name).ok();
        assert_eq!(pick("a:b:c", "sessionid").as_deref(), Some("a:b:c"));
        assert_eq!(
            pick("Cookie: csrftoken=x; sessionid=\"a:b:c\"", "sessionid").as_deref(),
            Some("a:b:c")
        );
        assert_eq!(
            pick("mysession=a:b:c", "sessionid").as_deref(),
            Some("a:b:c")
        );
        assert_eq!(pick("s=a:b:c; t=1", "s").as_deref(), Some("a:b:c"));
        assert!(pick("s=a:b:c; t=1", "sessionid").is_none());
    }

    #[test]
    fn pieces_cover_every_line_once_whatever_the_reads() {
        let list: Vec<u8> = (1..=60_000)
            .flat_map(|i| format!("key-{i}\r\n").into_bytes())
            .collect();
        let mut seen = Vec::new();
        let lines = read_pieces(&mut &list[..], |piece, first| {
            assert!(piece.ends_with(b"\n"));
            seen.push((first, line_count(&piece)));
            true
        })
        .ok()
        .unwrap();
        assert_eq!(lines, 60_000);
        assert!(seen.len() > 1);
        let mut next = 1;
        for (first, count) in seen {
            assert_eq!(first, next);
            next += count;
        }
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(12), "12");
    }
}
