"""The 基层政务公开标准目录 tree (domains → items with the ten columns of docs/spec/legal-sources.md section 9)."""

from __future__ import annotations

import json
import uuid as uuidlib
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import audit
from app.errors import NotFoundError, ValidationError
from app.paths import resource_path
from app.storage.base import utcnow
from app.storage.models.catalogue import CatalogueDirectoryItem, CatalogueDomain, CatalogueEntry

_NAMESPACE = uuidlib.UUID("6f1d3a52-2b7e-4c1a-9a57-0c7f4ad9e0c4")
ITEM_FIELDS = ("level1", "level2", "content", "basis", "time_limit", "time_limit_days", "cycle_days",
               "responsible", "channels", "audience", "method", "levels")


@dataclass
class ItemInfo:
    id: int
    uuid: str
    domain_id: int
    position: int
    level1: str
    level2: str | None
    content: str | None
    basis: str | None
    time_limit: str | None
    time_limit_days: int | None
    cycle_days: int | None
    responsible: str | None
    channels: list | None
    audience: str | None
    method: str | None
    levels: str | None
    active: bool
    entries: int = 0

    @property
    def label(self) -> str:
        return f"{self.level1}—{self.level2}" if self.level2 else self.level1


@dataclass
class DomainInfo:
    id: int
    uuid: str
    name: str
    position: int
    active: bool
    items: list[ItemInfo] = field(default_factory=list)

    @property
    def entries(self) -> int:
        return sum(i.entries for i in self.items)


def domain_uuid(name: str) -> str:
    """Same in every installation, so entries filed under an item travel in packages."""
    return str(uuidlib.uuid5(_NAMESPACE, f"domain:{name}"))


def item_uuid(domain: str, level1: str, level2: str | None, content: str | None) -> str:
    return str(uuidlib.uuid5(_NAMESPACE, f"item:{domain}:{level1}:{level2 or ''}:{content or ''}"))


def standard_directory() -> dict:
    with open(resource_path("catalogue", "standard_directory.json"), encoding="utf-8") as fh:
        return json.load(fh)


def ensure_standard_directory(session: Session) -> int:
    """Load the bundled standard directory if the tree is empty. Returns the number of items added."""
    if session.execute(select(func.count()).select_from(CatalogueDomain)).scalar_one():
        return 0
    added = 0
    for pos, dom in enumerate(standard_directory()["domains"], start=1):
        domain = CatalogueDomain(uuid=domain_uuid(dom["name"]), name=dom["name"], position=pos, active=True,
                                 updated_at=utcnow())
        session.add(domain)
        session.flush()
        audit.record(session, domain, "create")
        for ipos, item in enumerate(dom["items"], start=1):
            row = CatalogueDirectoryItem(
                uuid=item_uuid(dom["name"], item["level1"], item.get("level2"), item.get("content")),
                domain_id=domain.id, position=ipos, active=True, updated_at=utcnow(),
                **{k: item.get(k) for k in ITEM_FIELDS})
            session.add(row)
            session.flush()
            audit.record(session, row, "create")
            added += 1
    return added


def directory_tree(session: Session, *, with_counts: bool = True) -> list[DomainInfo]:
    """Domains in order, each with its items and the number of live entries filed under each."""
    counts: dict[int, int] = {}
    if with_counts:
        counts = dict(session.execute(
            select(CatalogueEntry.directory_item_id, func.count()).where(
                CatalogueEntry.directory_item_id.is_not(None), CatalogueEntry.deleted.is_(False))
            .group_by(CatalogueEntry.directory_item_id)).all())
    domains = {d.id: DomainInfo(d.id, d.uuid, d.name, d.position, d.active) for d in session.execute(
        select(CatalogueDomain).order_by(CatalogueDomain.position, CatalogueDomain.id)).scalars()}
    for item in session.execute(select(CatalogueDirectoryItem).order_by(
            CatalogueDirectoryItem.position, CatalogueDirectoryItem.id)).scalars():
        if item.domain_id in domains:
            domains[item.domain_id].items.append(_item_info(item, counts.get(item.id, 0)))
    return list(domains.values())


def _item_info(item: CatalogueDirectoryItem, entries: int = 0) -> ItemInfo:
    return ItemInfo(item.id, item.uuid, item.domain_id, item.position,
                    **{k: getattr(item, k) for k in ITEM_FIELDS}, active=item.active, entries=entries)


def add_domain(session: Session, name: str) -> DomainInfo:
    name = (name or "").strip()
    if not name:
        raise ValidationError("领域名称不能为空。")
    if session.execute(select(CatalogueDomain.id).where(CatalogueDomain.name == name)).first():
        raise ValidationError(f"领域“{name}”已存在。")
    pos = (session.execute(select(func.max(CatalogueDomain.position))).scalar_one() or 0) + 1
    domain = CatalogueDomain(uuid=domain_uuid(name), name=name, position=pos, active=True, updated_at=utcnow())
    session.add(domain)
    audit.record(session, domain, "create")
    return DomainInfo(domain.id, domain.uuid, domain.name, domain.position, domain.active)


def save_item(session: Session, domain_id: int, data: dict, item_id: int | None = None) -> ItemInfo:
    """Create or change a directory item (the ten columns)."""
    domain = session.get(CatalogueDomain, domain_id)
    if domain is None:
        raise NotFoundError("指定的标准目录领域不存在。")
    level1 = str(data.get("level1") or "").strip()
    if not level1:
        raise ValidationError("一级事项不能为空。")
    for key in ("time_limit_days", "cycle_days"):
        value = data.get(key)
        if value not in (None, "") and (not str(value).isdigit() or int(value) <= 0):
            raise ValidationError("公开时限和更新周期须为正整数（天）。")
    values = {k: data.get(k) for k in ITEM_FIELDS if k in data}
    values["level1"] = level1
    for key in ("time_limit_days", "cycle_days"):
        if key in values:
            values[key] = int(values[key]) if values[key] not in (None, "") else None
    if item_id is None:
        pos = (session.execute(select(func.max(CatalogueDirectoryItem.position)).where(
            CatalogueDirectoryItem.domain_id == domain_id)).scalar_one() or 0) + 1
        item = CatalogueDirectoryItem(
            uuid=item_uuid(domain.name, level1, values.get("level2"), values.get("content")),
            domain_id=domain_id, position=pos, active=True, updated_at=utcnow(), **values)
        session.add(item)
        audit.record(session, item, "create")
    else:
        item = session.get(CatalogueDirectoryItem, item_id)
        if item is None:
            raise NotFoundError("指定的标准目录事项不存在。")
        for key, value in values.items():
            setattr(item, key, value)
        item.updated_at = utcnow()
        audit.record(session, item, "update")
    return _item_info(item)


def set_item_active(session: Session, item_id: int, active: bool) -> None:
    """Switch an item off (not applicable to this office) or on again; items are never deleted."""
    item = session.get(CatalogueDirectoryItem, item_id)
    if item is None:
        raise NotFoundError("指定的标准目录事项不存在。")
    if item.active != active:
        item.active = active
        item.updated_at = utcnow()
        audit.record(session, item, "update")
