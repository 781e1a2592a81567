"""The canned queries researchers run, in one place.

Datasette serves these (serve/metadata.py adds them to the metadata) and the CLI's CSV
export runs `entity_timeline` itself (serve/timeline.py), so the two can never disagree.
Parameters arrive from Datasette as strings, blank when the form is empty.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CannedQuery:
    title: str
    description: str
    params: tuple[str, ...]
    sql: str

    def as_metadata(self) -> dict[str, object]:
        """The shape Datasette expects under `databases.<name>.queries.<query>`.

        The SQL starts hidden: researchers come for the form and the rows, and one click
        ("show") still reveals it.
        """
        return {
            "title": self.title,
            "description": self.description,
            "params": list(self.params),
            "sql": self.sql,
            "hide_sql": True,
        }


def entities_named(param: str) -> str:
    """A `target` CTE: the ids of every entity whose canonical name or any alias is :param.

    Case-insensitive (SQLite's lower() folds ASCII only). An alias shared by two entities,
    such as a surname, matches both, which is what a researcher typing it would expect.
    """
    return f"""with target as (
  select id from entities where lower(name) = lower(trim(:{param}))
  union
  select entity_id from entity_aliases where lower(alias) = lower(trim(:{param}))
)"""


# Dates are ISO 8601, so text order is date order; substr keeps the publisher's local date
# where date() would shift a late-evening '+01:00' timestamp to the previous day.
ENTITY_TIMELINE = CannedQuery(
    title="Entity timeline",
    description=(
        "Every dated mention of a person, company or public body, oldest first, with the "
        "sentence it appears in. Type the canonical name or any alias (case does not "
        "matter). Undated documents are left out. Export with the CSV link."
    ),
    params=("name",),
    sql=f"""{entities_named("name")}
select
  substr(d.published, 1, 10) as date,
  s.name as source,
  s.kind as source_kind,
  d.title,
  d.url,
  m.sentence,
  m.text as mention,
  e.name as entity
from mentions m
join entities e on e.id = m.entity_id
join documents d on d.id = m.document_id
join sources s on s.id = d.source_id
where m.entity_id in (select id from target)
  and coalesce(d.published, '') != ''
order by d.published, d.id, m.start""",
)

QUERIES: dict[str, CannedQuery] = {
    "entity_timeline": ENTITY_TIMELINE,
    "contract_timeline": CannedQuery(
        title="Contract timeline",
        description=(
            "Every contract described for a supplier, oldest first (undated ones last), with "
            "buyer, value, duration and the quoted evidence. Type the supplier's name or an "
            "alias."
        ),
        params=("supplier",),
        # Also matched on the supplier's text: a supplier the tagger did not link to an
        # entity still has its contracts found.
        sql=f"""{entities_named("supplier")}
select
  substr(d.published, 1, 10) as date,
  c.supplier,
  c.buyer,
  c.description,
  c.value_gbp,
  c.duration_years,
  c.evidence,
  s.name as source,
  d.title,
  d.url
from contracts c
join documents d on d.id = c.document_id
join sources s on s.id = d.source_id
where c.supplier_id in (select id from target)
  or lower(c.supplier) = lower(trim(:supplier))
order by coalesce(d.published, '') = '', d.published, d.id, c.start""",
    ),
    "contracts_over": CannedQuery(
        title="Contracts over a value",
        description=(
            "Contracts worth at least the given amount in pounds, largest first. Commas and a "
            "pound sign are ignored, so 1,000,000 and £1000000 both work."
        ),
        params=("min_gbp",),
        sql="""select
  c.value_gbp,
  c.supplier,
  c.buyer,
  c.description,
  c.duration_years,
  substr(d.published, 1, 10) as date,
  s.name as source,
  d.title,
  d.url
from contracts c
join documents d on d.id = c.document_id
join sources s on s.id = d.source_id
where c.value_gbp >= cast(replace(replace(trim(:min_gbp), ',', ''), '£', '') as real)
order by c.value_gbp desc, d.published""",
    ),
    "co_mentions": CannedQuery(
        title="Mentioned alongside",
        description=(
            "Who and what appears in the same documents as the given entity (name or alias), "
            "with how many documents they share and when, most shared first."
        ),
        params=("name",),
        sql=f"""{entities_named("name")},
shared as (
  select distinct document_id from mentions where entity_id in (select id from target)
)
select
  e.name,
  e.type,
  count(distinct m.document_id) as documents,
  min(substr(nullif(d.published, ''), 1, 10)) as first_date,
  max(substr(nullif(d.published, ''), 1, 10)) as last_date
from mentions m
join shared on shared.document_id = m.document_id
join entities e on e.id = m.entity_id
join documents d on d.id = m.document_id
where m.entity_id not in (select id from target)
group by e.id
order by documents desc, e.name""",
    ),
    "mentions_per_month": CannedQuery(
        title="Mentions per month",
        description=(
            "How often an entity (name or alias) is mentioned each month, counting mentions "
            "and distinct documents. Months without mentions and undated documents are left "
            "out."
        ),
        params=("name",),
        sql=f"""{entities_named("name")}
select
  substr(d.published, 1, 7) as month,
  count(*) as mentions,
  count(distinct d.id) as documents
from mentions m
join documents d on d.id = m.document_id
where m.entity_id in (select id from target)
  and coalesce(d.published, '') != ''
group by month
order by month""",
    ),
    "new_since": CannedQuery(
        title="Published since a date",
        description=(
            "Documents published on or after the given date (YYYY-MM-DD), newest first, with "
            "the entities each one mentions."
        ),
        params=("date",),
        sql="""select
  substr(d.published, 1, 10) as date,
  s.name as source,
  d.doc_type,
  d.title,
  d.url,
  (
    select group_concat(name, '; ')
    from (
      select distinct e.name
      from mentions m
      join entities e on e.id = m.entity_id
      where m.document_id = d.id
      order by e.name
    )
  ) as entities
from documents d
join sources s on s.id = d.source_id
where d.published >= trim(:date)
order by d.published desc, d.id""",
    ),
    "search_documents": CannedQuery(
        title="Search documents",
        description=(
            "Full-text search over titles and text, best matches first, with the matching "
            "passage marked between ** signs. Words match in any order; put a phrase in "
            '"double quotes". Word endings are ignored (outsource finds outsourcing).'
        ),
        params=("q",),
        # escape_fts (a Datasette SQL function) quotes each word, so punctuation a
        # researcher types (hyphens, apostrophes) never becomes an FTS syntax error; the
        # empty phrase '""' stands in for a blank box, which FTS5 would reject.
        sql="""select
  substr(d.published, 1, 10) as date,
  s.name as source,
  d.doc_type,
  d.title,
  snippet(documents_fts, -1, '**', '**', ' … ', 24) as snippet,
  d.url
from documents_fts
join documents d on d.rowid = documents_fts.rowid
join sources s on s.id = d.source_id
where documents_fts match coalesce(nullif(escape_fts(:q), ''), '""')
order by documents_fts.rank""",
    ),
    "fetch_errors_recent": CannedQuery(
        title="Recent fetch errors",
        description=(
            "What could not be collected in the last N days (30 if left empty), newest "
            "first, so a silent gap in a source's coverage shows up."
        ),
        params=("days",),
        # occurred_at is written as 'YYYY-MM-DDTHH:MM:SS+00:00'; the cut-off uses the same
        # 'T' form so the text comparison is a time comparison.
        sql="""select
  f.occurred_at,
  s.name as source,
  f.stage,
  f.http_status,
  f.reason,
  f.url,
  f.run_id
from fetch_errors f
left join sources s on s.id = f.source_id
where f.occurred_at >= strftime(
  '%Y-%m-%dT%H:%M:%S', 'now', '-' || coalesce(nullif(trim(:days), ''), '30') || ' days'
)
order by f.occurred_at desc""",
    ),
}
