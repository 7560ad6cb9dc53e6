# Scopes, identity, private chats, names, erasure (issue 11).

move-refused-not_in_scope = Этот участник или этот округ вне вашей зоны ответственности.
announce-refused-not_in_scope = Рассылка не отправлена: эти округа вне вашей зоны ответственности.

# The bot works in private chats only.
private-only = Я работаю только в личном чате: { $link }
private-only-button = Эта кнопка не для вас: откройте бота в личном чате.

# Names.
name-no_letter = В имени нужна хотя бы одна буква: напишите имя и фамилию.
