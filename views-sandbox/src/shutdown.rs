//! Stopping the sandbox: `Sandbox::shutdown` (or dropping the handle)
//! raises one flag, which listeners, gateway connections and event streams
//! watch.

use tokio::sync::watch;

/// Raises the flag; held by the `Sandbox` handle.
#[derive(Debug)]
pub(crate) struct ShutdownSwitch(watch::Sender<bool>);

/// Watches the flag; every task that must stop holds a clone.
#[derive(Clone, Debug)]
pub(crate) struct ShutdownSignal(watch::Receiver<bool>);

/// A lowered flag, its switch and a signal watching it.
pub(crate) fn shutdown_flag() -> (ShutdownSwitch, ShutdownSignal) {
    let (switch, signal) = watch::channel(false);
    (ShutdownSwitch(switch), ShutdownSignal(signal))
}

impl ShutdownSwitch {
    /// Raises the flag (again, harmlessly, if it is up).
    pub(crate) fn raise(&self) {
        self.0.send_replace(true);
    }
}

impl ShutdownSignal {
    /// Resolves once the sandbox is shutting down, including when the flag
    /// was raised before this signal was cloned or first polled
    /// (`changed()` alone would wait forever then: a single-threaded
    /// runtime can run a task for the first time after `Sandbox::shutdown`).
    pub(crate) async fn stopped(&mut self) {
        let _ = self.0.wait_for(|&stop| stop).await;
    }
}
