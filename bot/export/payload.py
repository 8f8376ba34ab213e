"""The Export calendar button's payload: the profile of the recommendation it exports.

`calendar:goals=visibility,leads;market=b2b;ages=25-34;content=articles;hours=5`. The button carries the
profile rather than the plan, so the files are rebuilt from the knowledge as it is when pressed."""

from __future__ import annotations

from bot.recommend.scoring import Profile

EXPORT_PREFIX = "calendar"


def export_payload(profile: Profile) -> str:
    fields = {"goals": ",".join(profile.goals), "market": profile.market, "ages": ",".join(profile.ages),
              "content": ",".join(profile.content), "hours": f"{profile.hours:g}"}
    return f"{EXPORT_PREFIX}:" + ";".join(f"{k}={v}" for k, v in fields.items())


def profile_from_payload(rest: str) -> Profile | None:
    """The profile after "calendar:"; None when malformed or outside the vocabulary."""
    try:
        fields = dict(part.split("=", 1) for part in rest.split(";"))
        profile = Profile(goals=_values(fields["goals"]), market=fields["market"], ages=_values(fields["ages"]),
                          content=_values(fields["content"]), hours=float(fields["hours"]))
    except (KeyError, ValueError):
        return None
    return None if profile.problems() else profile


def _values(raw: str) -> tuple[str, ...]:
    return tuple(v for v in raw.split(",") if v)
