## Meeting times typed by organisers (issue 13 item 4)
nm-time-date_passed = Эта дата уже прошла: { $date }. Если встреча через год, напишите дату с годом: <code>{ $next }</code>. Или укажите другую дату.
nm-end-unrecognised = Не понял, когда встреча закончится. Напишите время окончания (<code>20:00</code>, <code>до 20:30</code>) или длительность (<code>2 часа</code>, <code>полтора часа</code>, <code>90 минут</code>).
