//! The step player: a cursor over the events of a trace, with play / pause / step / speed.
//!
//! Pure state, no timers: the stage component calls [`Player::tick`] from an interval whose
//! period is [`Player::interval_ms`], and the keyboard and buttons call the other methods.

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

    /// Milliseconds an event stays current while playing.
    pub fn interval_ms(self) -> u32 {
        const NORMAL_MS: u32 = 1_100;
        match self {
            Speed::Half => NORMAL_MS * 2,
            Speed::Normal => NORMAL_MS,
            Speed::Double => NORMAL_MS / 2,
            Speed::Quadruple => NORMAL_MS / 4,
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

    /// Milliseconds between two ticks at the current speed.
    pub fn interval_ms(&self) -> u32 {
        self.speed.interval_ms()
    }

    pub fn is_at_start(&self) -> bool {
        self.position == 0
    }

    pub fn is_at_end(&self) -> bool {
        self.position + 1 >= self.len
    }

    /// Starts playing; from the last event it starts over from the first.
    pub fn play(&mut self) {
        if self.is_empty() {
            return;
        }
        if self.is_at_end() {
            self.position = 0;
        }
        self.playing = true;
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
        if self.is_at_end() {
            self.playing = false;
            return false;
        }
        self.position += 1;
        if self.is_at_end() {
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
    fn faster_speeds_have_shorter_intervals_and_labels_round_trip() {
        let intervals: Vec<u32> = Speed::ALL.iter().map(|s| s.interval_ms()).collect();
        assert!(intervals.windows(2).all(|pair| pair[0] > pair[1]));
        for speed in Speed::ALL {
            assert_eq!(Speed::from_label(speed.label()), Some(speed));
        }
        assert_eq!(Speed::from_label("3×"), None);
    }
}
