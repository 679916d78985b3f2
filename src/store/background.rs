//! Threads that work behind the screen (the daily snapshot, the summaries' warm-up) give way to
//! the one that answers the keys: on a laptop with two cores and another busy program, a
//! keystroke must not wait for a background pass over the pool.

/// Lowers the calling thread's CPU priority (nice 10). Only on Linux, where the nice value
/// belongs to the thread (elsewhere it is the whole process's). Failing costs nothing but the
/// priority.
pub fn give_way() {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::process::setpriority_process(None, 10);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The nice value of the calling thread, from /proc (field 19 of its stat line).
    fn nice_of_this_thread() -> i64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("the thread's stat");
        // After the command name in parentheses: state is field 3, nice field 19.
        let rest = &stat[stat.rfind(')').expect("a command name") + 2..];
        rest.split(' ')
            .nth(16)
            .expect("field 19")
            .parse()
            .expect("a number")
    }

    #[test]
    fn a_background_thread_gives_way_and_the_others_keep_their_priority() {
        let before = nice_of_this_thread();
        let theirs = std::thread::spawn(|| {
            super::give_way();
            nice_of_this_thread()
        })
        .join()
        .expect("the thread");
        assert_eq!(theirs, 10);
        assert_eq!(nice_of_this_thread(), before);
    }
}
