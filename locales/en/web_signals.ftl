## The dashboard's page of open fraud signals (SPEC §10, §12)
dash-nav-signals = Fraud signals
dash-nav-signals-open = Open signals: { $n }
dash-signals-title = Signals of possible cheating
dash-signals-intro = A signal is a reason to look, not a verdict: nothing is revoked until you decide. A suspended member is told why.
dash-signals-open = { $n ->
    [one] { $n } open signal
   *[other] { $n } open signals
}, newest first.
dash-signals-shown = Showing the newest { $shown } of { $total }.
dash-signals-none = No open signals.
dash-signal-suspend-reason = The reason the member will see: { $reason }
dash-signal-suspended = ⛔ The member is suspended and was told why.
dash-signal-trusted = ✅ The member is marked as trusted: their posts skip the coordinators' check, and the signals about them are closed.
dash-signal-all = All open signals
