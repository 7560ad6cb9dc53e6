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

## Связанные профили
cmd-profiles = мои профили в соцсетях
network-vk = ВКонтакте
network-ok = Одноклассники
network-telegram = Телеграм-канал
network-dzen = Дзен
profiles-none = 🔗 Профили в соцсетях пока не привязаны. Привяжите свои страницы ВКонтакте, в Одноклассниках, Дзене и свой Телеграм-канал: так бот проверит, что посты ваши.
profiles-title = 🔗 Ваши профили:
profiles-line = · { $network }: { $url }
profiles-add = ➕ Привязать профиль
profiles-remove = ✖ Отвязать { $network } { $key }
profiles-send-link = Пришлите ссылку на свой профиль: например https://vk.com/id123, https://ok.ru/profile/123, https://t.me/мой_канал или https://dzen.ru/мой_канал.
profiles-linked = ✅ Привязано: { $network }, { $url }
profiles-removed = Профиль отвязан.
profiles-refused-empty = Пришлите ссылку на профиль.
profiles-refused-unknown_network = Это не ВКонтакте, Одноклассники, Телеграм или Дзен. Пришлите ссылку на профиль в одной из этих сетей.
profiles-refused-not_a_profile = Это ссылка не на профиль, а на пост, раздел или приглашение. Откройте свою страницу и скопируйте её ссылку.
profiles-refused-taken = Этот профиль уже привязан к другому участнику. Если это ваш профиль, напишите координатору.
profiles-refused-already_yours = Этот профиль уже привязан к вам.
profiles-refused-too_many = Привязано слишком много профилей: сначала отвяжите лишние.
