# Scopes, identity, private chats, names, erasure (issue 11).

move-refused-not_in_scope = This member or this district is outside your area of responsibility.
announce-refused-not_in_scope = Nothing was sent: those districts are outside your area of responsibility.

# The bot works in private chats only.
private-only = I work in a private chat only: { $link }
private-only-button = This button is not yours: open the bot in a private chat.

# Names.
name-no_letter = A name needs at least one letter: please write your first and last name.
