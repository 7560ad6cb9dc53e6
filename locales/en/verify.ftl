## Post verification, linked profiles, signals, suspension, the audit log
cmd-audit = the staff audit log (CSV, XLSX)
audit-empty = The audit log is empty: no staff act yet.
audit-caption = Audit log: { $count } { $count ->
        [one] row
       *[other] rows
    }.

## Suspension
cmd-suspend = suspend a member (no points, out of the rating)
cmd-unsuspend = reinstate a suspended member
usage-suspend = Write it like this: <code>/suspend @name reason</code> or <code>/suspend TELEGRAM_ID reason</code>. The member is told the reason.
usage-unsuspend = Write it like this: <code>/unsuspend @name</code> or <code>/unsuspend TELEGRAM_ID</code>.
suspend-refused-not_a_member = There is no such member.
suspend-refused-not_in_scope = This member is outside your area.
suspend-refused-no_reason = Give a reason: the member is told it.
suspend-refused-self = You cannot suspend yourself.
suspend-refused-already = This member is suspended already.
suspend-refused-not_suspended = This member is not suspended.
suspend-done = ⛔ { $name } is suspended: { $reason }. No new points, out of the rating and the reserve. To reinstate: <code>/unsuspend</code>.
unsuspend-done = ✅ { $name } takes part again: points and place in the rating are back.
suspend-notice = ⛔ A coordinator suspended you from the campaign's rating. Reason: { $reason }. While suspended you earn no points and are not in the rating or the personnel reserve.
suspend-lifted-notice = ✅ Your suspension is lifted: you are back in the rating with all your points.
me-suspended = ⛔ You are suspended from the rating. Reason: { $reason }
