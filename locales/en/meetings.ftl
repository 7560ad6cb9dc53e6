## meetings
