import Foundation
import Notebook

/// Ctrl-C: a SIGINT handler without `SA_RESTART`, so a blocking read (the prompt) returns with EINTR and
/// a running command sees its cancellation token set. The handler only bumps an atomic counter.
enum InterruptHandler {
    /// Installs the handler (once, before any command runs).
    static func install() {
        CancellationToken.prepareForSignals()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in CancellationToken.interruptFromSignal() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }
}
