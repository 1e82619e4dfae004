"""Reference types: an id that must name a record of a given kind somewhere in the data.

The marker rides on the type (``Annotated[str, Ref("person")]``) so that the cross-reference
check can find every reference by walking the validated models, without a list to keep in step.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import Field


@dataclass(frozen=True)
class Ref:
    """Marks a field as naming a record of ``kind`` (``lead`` means a person or a body)."""

    kind: str


_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _ref(kind: str, described: str):
    return Annotated[str, Field(pattern=_ID, description=described), Ref(kind)]


PersonRef = _ref("person", "Id of a person in people.yaml.")
BodyRef = _ref("body", "Id of a governance body in bodies.yaml.")
OrganisationRef = _ref("organisation", "Id of an organisation in organisations.yaml.")
LeadRef = _ref("lead", "Id of a person in people.yaml or a body in bodies.yaml.")
AmbitionRef = _ref("ambition", "Id of an ambition in system_plan.yaml.")
PlanMilestoneRef = _ref("plan-milestone", "Id of a 2019/20 milestone in system_plan.yaml.")
NextStepRef = _ref("next-step", "Id of a next step in system_plan.yaml.")
CapabilityRef = _ref("capability", "Id of a capability in aspiring_ics.yaml, e.g. '1-2'.")
