## Проверка постов, связанные профили, сигналы, отстранение, журнал действий
cmd-audit = журнал действий координаторов (CSV, XLSX)
audit-empty = Журнал пока пуст: координаторы ещё ничего не делали.
audit-caption = Журнал действий: { $count } { $count ->
        [one] запись
        [few] записи
       *[many] записей
    }.

## Отстранение
cmd-suspend = отстранить участника (без баллов и вне рейтинга)
cmd-unsuspend = вернуть отстранённого участника
usage-suspend = Напишите так: <code>/suspend @имя причина</code> или <code>/suspend TELEGRAM_ID причина</code>. Участник узнает причину.
usage-unsuspend = Напишите так: <code>/unsuspend @имя</code> или <code>/unsuspend TELEGRAM_ID</code>.
suspend-refused-not_a_member = Такого участника нет.
suspend-refused-not_in_scope = Этот участник вне вашей зоны ответственности.
suspend-refused-no_reason = Укажите причину: участник её узнает.
suspend-refused-self = Отстранить самого себя нельзя.
suspend-refused-already = Этот участник уже отстранён.
suspend-refused-not_suspended = Этот участник не отстранён.
suspend-done = ⛔ { $name } отстранён(а): { $reason }. Новые баллы не начисляются, в рейтинге и резерве участника нет. Вернуть: <code>/unsuspend</code>.
unsuspend-done = ✅ { $name } снова участвует: баллы и место в рейтинге возвращены.
suspend-notice = ⛔ Координатор отстранил вас от рейтинга кампании. Причина: { $reason }. Пока отстранение действует, новые баллы не начисляются, а вас нет в рейтинге и кадровом резерве.
suspend-lifted-notice = ✅ Отстранение снято: вы снова в рейтинге, все ваши баллы сохранены.
me-suspended = ⛔ Вы отстранены от рейтинга. Причина: { $reason }
