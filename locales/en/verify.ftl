## Post verification, linked profiles, signals, suspension, the audit log
cmd-audit = the staff audit log (CSV, XLSX)
audit-empty = The audit log is empty: no staff act yet.
audit-caption = Audit log: { $count } { $count ->
        [one] row
       *[other] rows
    }.
