## Meeting times typed by organisers (issue 13 item 4)
nm-time-date_passed = This date has passed: { $date }. If the meeting is next year, type the date with the year: <code>{ $next }</code>. Or give another date.
nm-end-unrecognised = I did not understand when the meeting ends. Type the end time (<code>20:00</code>, <code>till 20:30</code>) or the length (<code>2 hours</code>, <code>90 min</code>).
