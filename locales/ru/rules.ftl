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
