"""The verdicts of the number check: a draft's Mention with its status, and the CheckResult of a
whole draft (its mentions, the facts it never states and its named claims)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.check.quantity import Quantity

if TYPE_CHECKING:
    from assistant.check.claims import NameClaim
    from assistant.check.facts import Fact

SUPPORTED, UNSUPPORTED, DERIVED, IGNORED = "supported", "unsupported", "derived", "ignored"
STALE = "stale"  # last year's figure left in (assistant/check/lastyear.py): to confirm, like an unsupported one


@dataclass
class Mention:
    """A quantity of the draft with the verdict of the check."""

    quantity: Quantity
    status: str
    reason: str = ""
    fact: Fact | None = None
    formula: str = ""
    used: tuple[tuple[str, int], ...] = ()  # (fact id, start) of each fact quantity relied on

    @property
    def fact_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fid for fid, _ in self.used))

    def to_dict(self) -> dict:
        q = self.quantity
        return {"text": q.text, "start": q.start, "end": q.end, "value": q.display_value(),
                "unit": q.unit, "qualifier": q.qualifier, "status": self.status,
                "reason": self.reason, "fact": self.fact.text if self.fact else None,
                "fact_id": "+".join(self.fact_ids) or None, "formula": self.formula or None}


@dataclass
class CheckResult:
    """Every mention of the draft with its status, the facts the draft never states, and the named
    claims (assistant/check/claims.py) when names were checked too."""

    mentions: list[Mention]
    unused_facts: list[tuple[Fact, list[Quantity]]] = field(default_factory=list)
    names: list[NameClaim] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unsupported and not self.unsupported_names and not self.count(STALE)

    @property
    def unsupported_names(self) -> list[NameClaim]:
        return [n for n in self.names if n.status == "unsupported_name"]

    @property
    def unsupported(self) -> list[Mention]:
        return [m for m in self.mentions if m.status == UNSUPPORTED]

    def count(self, status: str) -> int:
        return sum(m.status == status for m in self.mentions)

    def to_dict(self) -> dict:
        unused = [{"id": f.id, "text": f.text, "quantities": [q.text for q in qs]}
                  for f, qs in self.unused_facts]
        return {"ok": self.ok, "mentions": [m.to_dict() for m in self.mentions], "unused_facts": unused,
                "names": [n.to_dict() for n in self.names]}
