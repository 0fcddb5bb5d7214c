"""Update campaigns on disk: per-office trackers, e-mail drafts, calendars, returns."""
