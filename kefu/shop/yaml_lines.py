"""YAML loading that remembers line numbers, so data errors can name file and line."""

from pathlib import Path
from typing import Any

import yaml


class ShopDataError(ValueError):
    """A shop data file is broken; the message names the file and line."""


class LineDict(dict):
    """A mapping from YAML that knows the (1-based) line it started on."""

    line = 0


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_with_lines(path: Path) -> Any:
    try:
        return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else "?"
        raise ShopDataError(f"{path}:{line}: invalid YAML: {error.problem}") from error
    except OSError as error:
        raise ShopDataError(f"{path}: cannot read: {error.strerror}") from error


def where(path: Path, node: Any) -> str:
    return f"{path}:{getattr(node, 'line', '?')}"
