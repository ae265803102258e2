//! The step player: a cursor over the events of a trace, with play / pause / step / speed.
//!
//! Pure state, no timers: the player bar calls [`Player::tick`] from a timer that waits as long
//! as the current event lasts (the timeline's duration, scaled by [`Speed::scale`]), and the
//! keyboard and buttons call the other methods. Playing may be bounded (`stop_at`): a tour
//! stops at the end of each of its steps.

/// How fast the player moves from one event to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    Half,
    Normal,
    Double,
    Quadruple,
}

impl Speed {
    /// Every speed, slowest first (the order of the speed picker).
    pub const ALL: [Speed; 4] = [Speed::Half, Speed::Normal, Speed::Double, Speed::Quadruple];

    /// How long something lasting `normal_ms` at 1× lasts at this speed.
    pub fn scale(self, normal_ms: u32) -> u32 {
        match self {
            Speed::Half => normal_ms * 2,
            Speed::Normal => normal_ms,
            Speed::Double => normal_ms / 2,
            Speed::Quadruple => normal_ms / 4,
        }
    }

    /// The picker's label.
    pub fn label(self) -> &'static str {
        match self {
            Speed::Half => "0.5×",
            Speed::Normal => "1×",
            Speed::Double => "2×",
            Speed::Quadruple => "4×",
        }
    }

    /// The speed whose label is `label`.
    pub fn from_label(label: &str) -> Option<Speed> {
        Speed::ALL.into_iter().find(|speed| speed.label() == label)
    }
}

/// A cursor over `len` events. `position` is the index of the current event; it is
/// meaningless (and reported as `None`) when there are no events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Player {
    position: usize,
    len: usize,
    playing: bool,
    speed: Speed,
    /// Where playing stops, if before the last event.
    stop_at: Option<usize>,
}

impl Default for Player {
    fn default() -> Self {
        Player::new(0)
    }
}

impl Player {
    /// A paused player over `len` events, at the last one (the state after everything).
    pub fn new(len: usize) -> Player {
        Player {
            position: len.saturating_sub(1),
            len,
            playing: false,
            speed: Speed::Normal,
            stop_at: None,
        }
    }

    /// The current event's index, if there is any event.
    pub fn position(&self) -> Option<usize> {
        (self.len > 0).then_some(self.position)
    }

    /// How many events the player runs over.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is nothing to play.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn is_playing(&self) -> bool {
        self.playing
    }

    pub fn speed(&self) -> Speed {
        self.speed
    }

    pub fn set_speed(&mut self, speed: Speed) {
        self.speed = speed;
    }

    pub fn is_at_start(&self) -> bool {
        self.position == 0
    }

    pub fn is_at_end(&self) -> bool {
        self.position + 1 >= self.len
    }

    /// Whether playing would stop here (the end, or the bound of a bounded play).
    fn is_at_stop(&self) -> bool {
        self.is_at_end() || self.stop_at.is_some_and(|stop| self.position >= stop)
    }

    /// Starts playing to the end; from the last event it starts over from the first.
    pub fn play(&mut self) {
        self.play_until(None);
    }

    /// Starts playing and stops at `stop` (or the end); from the last event it starts over.
    pub fn play_until(&mut self, stop: Option<usize>) {
        if self.is_empty() {
            return;
        }
        if self.is_at_end() {
            self.position = 0;
        }
        self.stop_at = stop.filter(|&stop| stop > self.position);
        self.playing = true;
    }

    /// Plays events `from..=until` (a tour's step), whatever the position was.
    pub fn play_range(&mut self, from: usize, until: usize) {
        if self.is_empty() {
            return;
        }
        self.position = from.min(self.len - 1);
        self.stop_at = Some(until);
        self.playing = self.position < until.min(self.len - 1);
    }

    pub fn pause(&mut self) {
        self.playing = false;
    }

    /// Play if paused, pause if playing (the Space key).
    pub fn toggle(&mut self) {
        if self.playing {
            self.pause();
        } else {
            self.play();
        }
    }

    /// One event forward (the → key); pauses.
    pub fn step_forward(&mut self) {
        self.playing = false;
        if !self.is_at_end() {
            self.position += 1;
        }
    }

    /// One event back (the ← key); pauses.
    pub fn step_back(&mut self) {
        self.playing = false;
        self.position = self.position.saturating_sub(1);
    }

    /// Moves to event `index` (clamped to the last event); pauses.
    pub fn seek(&mut self, index: usize) {
        self.playing = false;
        self.position = index.min(self.len.saturating_sub(1));
    }

    /// Plays events `from..` of a trace that now has `len` events (after an action appended a
    /// step): starts at `from` and keeps playing to the end.
    pub fn play_from(&mut self, len: usize, from: usize) {
        self.len = len;
        self.position = from.min(len.saturating_sub(1));
        self.stop_at = None;
        self.playing = len > 0;
    }

    /// Shows the end of a trace that now has `len` events, without animating (after a
    /// setting changed and the scenario was re-run, or when motion is reduced).
    pub fn jump_to_end(&mut self, len: usize) {
        self.len = len;
        self.position = len.saturating_sub(1);
        self.playing = false;
    }

    /// One timer tick while playing: advances, and stops at the last event.
    /// Returns whether the position changed.
    pub fn tick(&mut self) -> bool {
        if !self.playing {
            return false;
        }
        if self.is_at_stop() {
            self.playing = false;
            return false;
        }
        self.position += 1;
        if self.is_at_stop() {
            self.playing = false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_player_shows_the_last_event_paused() {
        let player = Player::new(5);
        assert_eq!(player.position(), Some(4));
        assert!(!player.is_playing());
        assert!(player.is_at_end());
    }

    #[test]
    fn an_empty_player_has_no_position_and_does_not_play() {
        let mut player = Player::new(0);
        assert_eq!(player.position(), None);
        player.play();
        assert!(!player.is_playing());
        assert!(!player.tick());
        player.step_forward();
        player.step_back();
        assert_eq!(player.position(), None);
    }

    #[test]
    fn play_at_the_end_starts_over_and_ticks_stop_at_the_last_event() {
        let mut player = Player::new(3);
        player.play();
        assert_eq!(player.position(), Some(0));
        assert!(player.tick());
        assert_eq!(player.position(), Some(1));
        assert!(player.tick());
        assert_eq!(player.position(), Some(2));
        assert!(!player.is_playing(), "reaching the last event pauses");
        assert!(!player.tick());
        assert_eq!(player.position(), Some(2));
    }

    #[test]
    fn stepping_pauses_and_is_clamped_at_both_ends() {
        let mut player = Player::new(2);
        player.seek(0);
        player.play();
        player.step_back();
        assert!(!player.is_playing());
        assert_eq!(player.position(), Some(0));
        player.step_forward();
        player.step_forward();
        assert_eq!(player.position(), Some(1));
    }

    #[test]
    fn toggle_alternates_play_and_pause() {
        let mut player = Player::new(4);
        player.seek(1);
        player.toggle();
        assert!(player.is_playing());
        assert_eq!(
            player.position(),
            Some(1),
            "playing mid-way does not restart"
        );
        player.toggle();
        assert!(!player.is_playing());
    }

    #[test]
    fn play_from_animates_only_the_new_events() {
        let mut player = Player::new(4);
        player.play_from(7, 4);
        assert_eq!(player.position(), Some(4));
        assert!(player.is_playing());
        assert_eq!(player.len(), 7);
    }

    #[test]
    fn jump_to_end_shows_the_final_state_paused() {
        let mut player = Player::new(4);
        player.play();
        player.jump_to_end(9);
        assert_eq!(player.position(), Some(8));
        assert!(!player.is_playing());
    }

    #[test]
    fn seek_is_clamped_to_the_last_event() {
        let mut player = Player::new(3);
        player.seek(10);
        assert_eq!(player.position(), Some(2));
    }

    #[test]
    fn bounded_play_stops_at_its_bound_and_range_play_starts_anywhere() {
        let mut player = Player::new(10);
        player.seek(2);
        player.play_until(Some(4));
        assert!(player.tick());
        assert!(player.tick());
        assert_eq!(player.position(), Some(4));
        assert!(!player.is_playing(), "the bound pauses");
        player.play_range(5, 7);
        assert_eq!(player.position(), Some(5));
        assert!(player.is_playing());
        player.tick();
        player.tick();
        assert_eq!(player.position(), Some(7));
        assert!(!player.is_playing());
        player.play();
        while player.tick() {}
        assert!(player.is_at_end(), "an unbounded play runs to the end");
    }

    #[test]
    fn faster_speeds_have_shorter_intervals_and_labels_round_trip() {
        let intervals: Vec<u32> = Speed::ALL.iter().map(|s| s.scale(1_000)).collect();
        assert!(intervals.windows(2).all(|pair| pair[0] > pair[1]));
        for speed in Speed::ALL {
            assert_eq!(Speed::from_label(speed.label()), Some(speed));
        }
        assert_eq!(Speed::from_label("3×"), None);
    }
}
