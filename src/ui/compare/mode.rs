//! What Compare holds still and what it varies: the playground's scenario, compared along one
//! input at a time. Each axis is a mode of Compare with its own controls and tables; the rest
//! of the scenario (settings, steps, keys) is the same in every column.

/// The input Compare varies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CompareAxis {
    /// The session engine (`SESSION_ENGINE`): two to five engines, on the page's Django.
    #[default]
    Engines,
    /// The Django release: two versions, on the page's engine.
    Versions,
    /// The browser: Chromium's cookie rules against Firefox's, on the page's engine and Django.
    Browsers,
}

impl CompareAxis {
    /// Every axis, in the order the switch shows them.
    pub const ALL: [CompareAxis; 3] = [
        CompareAxis::Engines,
        CompareAxis::Versions,
        CompareAxis::Browsers,
    ];

    /// The switch's label.
    pub fn label(self) -> &'static str {
        match self {
            CompareAxis::Engines => "Engines",
            CompareAxis::Versions => "Django versions",
            CompareAxis::Browsers => "Browsers",
        }
    }

    /// A stable name (tests, attributes).
    pub fn name(self) -> &'static str {
        match self {
            CompareAxis::Engines => "engines",
            CompareAxis::Versions => "versions",
            CompareAxis::Browsers => "browsers",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_axis_has_a_distinct_name_and_engines_comes_first() {
        assert_eq!(CompareAxis::default(), CompareAxis::ALL[0]);
        let names: Vec<&str> = CompareAxis::ALL.iter().map(|a| a.name()).collect();
        assert_eq!(names, ["engines", "versions", "browsers"]);
        let labels: Vec<&str> = CompareAxis::ALL.iter().map(|a| a.label()).collect();
        assert_eq!(labels, ["Engines", "Django versions", "Browsers"]);
    }
}
