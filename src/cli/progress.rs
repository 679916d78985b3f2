//! Progress on stderr for commands that can run for seconds, with no words (so nothing to
//! translate): indicatif draws nothing when stderr is not a terminal, so scripts and logs get
//! only the command's own output.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// A bar of `steps` steps.
pub fn steps(steps: u64) -> ProgressBar {
    styled(
        ProgressBar::with_draw_target(Some(steps), ProgressDrawTarget::stderr()),
        "{spinner} [{bar:30}] {pos}/{len} {elapsed}",
    )
}

/// A spinner with the time so far, for work whose length is not known ahead (reading and
/// checking a file, writing one).
pub fn spinner() -> ProgressBar {
    styled(
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
        "{spinner} {elapsed}",
    )
}

fn styled(bar: ProgressBar, template: &str) -> ProgressBar {
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
