import click
@click.group()
def cli():
    """Localwatch."""
