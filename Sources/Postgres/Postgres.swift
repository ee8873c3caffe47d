// libpq wrapper lands here.
