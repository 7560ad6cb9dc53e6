# Scopes, identity, private chats, names, erasure (issue 11).

move-refused-not_in_scope = This member or this district is outside your area of responsibility.
announce-refused-not_in_scope = Nothing was sent: those districts are outside your area of responsibility.
