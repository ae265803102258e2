//! Hand-written argument parsing: `--name value`, `--name=value`, flags, `-h`/`--help`, `--`
//! ending the options, and positional arguments (`-` among them, meaning standard input; any
//! other word with a single leading dash, such as the JSON `-7`, too).

/// An option a command accepts.
pub struct OptionSpec {
    /// The long name, without `--`.
    pub name: &'static str,
    /// Whether a value follows.
    pub takes_value: bool,
    /// Whether every word up to the next option is a value too (`--key K1 K2 K3`).
    pub takes_many: bool,
}

impl OptionSpec {
    /// `--name VALUE`.
    pub const fn value(name: &'static str) -> OptionSpec {
        OptionSpec {
            name,
            takes_value: true,
            takes_many: false,
        }
    }

    /// `--name VALUE...`: one value or more, up to the next word that starts with `--` (or
    /// `-h`); `--name=VALUE` takes one.
    pub const fn values(name: &'static str) -> OptionSpec {
        OptionSpec {
            name,
            takes_value: true,
            takes_many: true,
        }
    }

    /// `--name`, a flag.
    pub const fn flag(name: &'static str) -> OptionSpec {
        OptionSpec {
            name,
            takes_value: false,
            takes_many: false,
        }
    }
}

/// The arguments of one command, checked against its options.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The positional arguments, in order.
    pub positionals: Vec<String>,
    /// Each option given, in order, with its value (`None` for flags).
    pub options: Vec<(&'static str, Option<String>)>,
    /// Whether `-h` or `--help` was given.
    pub help: bool,
}

/// Reads `args` (the words after the command's name) against `specs`; the error is a usage
/// message.
pub fn parse(args: &[String], specs: &[OptionSpec]) -> Result<Parsed, String> {
    let mut parsed = Parsed::default();
    let mut words = args.iter().peekable();
    while let Some(word) = words.next() {
        if word == "--" {
            parsed.positionals.extend(words.by_ref().cloned());
            break;
        }
        if word == "-h" || word == "--help" {
            parsed.help = true;
            continue;
        }
        // Options are long, so a word with one dash (`-`, `-7`, a cookie) is an argument.
        let Some(option) = word.strip_prefix("--") else {
            parsed.positionals.push(word.clone());
            continue;
        };
        let (name, inline_value) = match option.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (option, None),
        };
        let spec = specs.iter().find(|spec| spec.name == name).ok_or_else(|| {
            format!("unknown option --{name} (put -- before an argument that starts with --)")
        })?;
        let many = spec.takes_many && inline_value.is_none();
        let value = match (spec.takes_value, inline_value) {
            (true, Some(value)) => Some(value),
            (true, None) => Some(
                words
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("--{name} needs a value"))?,
            ),
            (false, Some(_)) => return Err(format!("--{name} takes no value")),
            (false, None) => None,
        };
        parsed.options.push((spec.name, value));
        if many {
            while let Some(next) = words.next_if(|next| !next.starts_with("--") && *next != "-h") {
                parsed.options.push((spec.name, Some(next.clone())));
            }
        }
    }
    Ok(parsed)
}

impl Parsed {
    /// Every value given for `name`, in order.
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.options
            .iter()
            .filter(|(option, _)| *option == name)
            .filter_map(|(_, value)| value.as_deref())
            .collect()
    }

    /// The value of an option that may be given once.
    pub fn value(&self, name: &str) -> Result<Option<&str>, String> {
        match self.values(name).as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one)),
            _ => Err(format!("--{name} is given more than once")),
        }
    }

    /// Whether the flag `name` was given.
    pub fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(option, _)| *option == name)
    }

    /// The one positional argument, named `what` in the error.
    pub fn single_positional(&self, what: &str) -> Result<&str, String> {
        match self.positionals.as_slice() {
            [one] => Ok(one),
            [] => Err(format!("missing {what}")),
            [_, extra, ..] => Err(format!("unexpected argument {extra:?} after {what}")),
        }
    }
}

/// `--time`/`--max-age` style numbers: finite decimal seconds.
pub fn seconds(option: &str, text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!(
            "--{option} wants a number of seconds, not {text:?}"
        )),
    }
}

/// `--key-seed`: the seed of the playground's session keys, as a share link's `key_seed`
/// writes it (at most 16 hexadecimal digits).
pub fn key_seed(text: &str) -> Result<u64, String> {
    u64::from_str_radix(text, 16)
        .ok()
        .filter(|_| !text.is_empty() && text.len() <= 16)
        .ok_or_else(|| format!("--key-seed wants at most 16 hexadecimal digits, not {text:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: [OptionSpec; 2] = [OptionSpec::value("key"), OptionSpec::flag("compress")];

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn values_flags_and_positionals() {
        let parsed = parse(&words("-7 --key a --key=b=c --compress -"), &SPECS).unwrap();
        assert_eq!(parsed.positionals, ["-7", "-"]);
        assert_eq!(parsed.values("key"), ["a", "b=c"]);
        assert!(parsed.flag("compress") && !parsed.help);
        assert!(parsed.value("key").is_err(), "given twice");
    }

    #[test]
    fn a_many_valued_option_takes_words_up_to_the_next_option() {
        const MANY: [OptionSpec; 2] = [OptionSpec::values("key"), OptionSpec::value("time")];
        let parsed = parse(&words("v --key a b -c --time 5 --key=d e"), &MANY).unwrap();
        assert_eq!(parsed.values("key"), ["a", "b", "-c", "d"]);
        assert_eq!(parsed.positionals, ["v", "e"]);
        assert_eq!(parsed.value("time").unwrap(), Some("5"));
        assert!(parse(&words("--key"), &MANY).is_err());
        let parsed = parse(&words("--key a -- b"), &MANY).unwrap();
        assert_eq!(parsed.values("key"), ["a"]);
        assert_eq!(parsed.positionals, ["b"]);
    }

    #[test]
    fn a_double_dash_ends_the_options() {
        let parsed = parse(&words("--key -- --compress -h"), &SPECS).unwrap();
        assert_eq!(parsed.values("key"), ["--"]);
        assert!(parsed.help);
        let parsed = parse(&words("-- --compress"), &SPECS).unwrap();
        assert_eq!(parsed.single_positional("X").unwrap(), "--compress");
    }

    #[test]
    fn mistakes_are_usage_messages() {
        assert!(parse(&words("--nope"), &SPECS).is_err());
        assert!(parse(&words("--key"), &SPECS).is_err());
        assert!(parse(&words("--compress=yes"), &SPECS).is_err());
        assert_eq!(seconds("time", " 12.5 "), Ok(12.5));
        assert!(seconds("time", "inf").is_err());
    }
}
