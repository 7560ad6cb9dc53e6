# A post sent before it was published as a material: it is the campaign's original, not a member's post.
original-revoke-reason = это оригинальный пост кампании, его опубликовали как материал
original-withdrawn-revoked =
    ↩️ Начисление за пост { $url } отменено: −{ $points } { $n ->
        [one] балл
        [few] балла
       *[many] баллов
    }. Это оригинальный пост кампании: координатор опубликовал его как материал. Поделитесь материалом у себя и пришлите ссылку на свой пост.
original-withdrawn-pending =
    Пост { $url } не будет засчитан: это оригинальный пост кампании, координатор опубликовал его как материал. Поделитесь материалом у себя и пришлите ссылку на свой пост.
original-withdrawn-coordinator = ↩️ Этот пост раньше прислал как свой участник: { $name } ({ $url }). Засчитать его нельзя, отменено баллов: { $points }. Участник получил сообщение.
reject-reason-original = это оригинальный пост кампании, а не ваш

## "Check your details": the notifications of /settings
details-question-notifications = Какие уведомления вам присылать?
details-notifications-same = Оставить как есть
details-notifications-all = Присылать все
details-notifications-none = Ничего не присылать
details-current-notifications = Сейчас приходят: { $topics }.
details-no-notifications = Сейчас все уведомления выключены.
survey-kind-notifications = уведомления
survey-hint-notifications = Выберите ответ кнопкой. Каждое уведомление отдельно включается и выключается в /settings.
details-outcome-notifications_same = Уведомления: без изменений.
details-outcome-notifications_on = Уведомления включены: новые встречи, новые материалы и ежедневный рейтинг.
details-outcome-notifications_off = Уведомления выключены. Включить их снова можно в /settings.

## /linked_owners: a verified post must be posted from one of the member's linked profiles
cmd-linked_owners = посты только из своих привязанных профилей: on или off
help-example-linked_owners = <code>/linked_owners on</code> — засчитывать проверенный пост, только если он опубликован в профиле, который участник привязал в /me; <code>off</code> — из любого профиля.
usage-linked_owners = Напишите так: <code>/linked_owners on</code> (пост засчитывается, только если он опубликован в профиле, который участник привязал в /me) или <code>/linked_owners off</code> (подходит любой профиль).
linked-owners-on = ✅ Кампания «{ $name }»: при проверке пост засчитывается, только если он опубликован в профиле, который участник привязал в /me. Где ссылка не называет владельца, проверка прежняя.
linked-owners-off = ✅ Кампания «{ $name }»: при проверке подходит пост из любого профиля.

## A survey whose author lost the role before sending it
survey-refused-make-not_in_scope = Эти получатели вне вашей зоны ответственности: опрос не отправлен.
