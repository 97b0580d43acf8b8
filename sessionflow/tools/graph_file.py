"""Reading a saved graph for `sessionflow graph`: a GraphDef (.pb binary, .pbtxt text format) or a
MetaGraphDef (.meta), with an error that says which parse failed and why, in one line."""

from __future__ import annotations

import os
import re

from .cli_args import CommandError


def _one_line(error) -> str:
    return " ".join(str(getattr(error, "message", None) or error).split())


def _parse_text(path: str, data: bytes, message_type, what: str):
    from google.protobuf import text_format

    message = message_type()
    try:
        text_format.Parse(data.decode("utf-8"), message)
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not a {what} in text format: it is not UTF-8 text") from None
    except (text_format.ParseError, RecursionError, ValueError) as e:
        raise CommandError(f"{path} is not a {what} in text format (the text format parse failed: "
                           f"{_one_line(e)})") from None
    return message


def _has_foreign_fields(message) -> bool:
    """Whether `message` parsed with fields its type does not have (another message type's bytes)."""
    known = type(message)()
    known.CopyFrom(message)
    known.DiscardUnknownFields()
    return known.ByteSize() != message.ByteSize()


def read_graph_file(path: str):
    """The GraphDef of a .pb/.pbtxt file or the MetaGraphDef of a .meta file; CommandError when it is
    missing or is not one. A `.pb` written in text format (tf.train.write_graph's default) is read too."""
    from ..framework import errors
    from ..io import protos
    from ..io.gfile import read_bounded
    from ..io.graph_def import MAX_GRAPH_BYTES, parse_graph_def

    if os.path.isdir(path):
        raise CommandError(f"{path} is a directory, not a graph file")
    try:
        data = read_bounded(path, MAX_GRAPH_BYTES)
    except errors.OpError as e:
        raise CommandError(f"can't read {path}: {_one_line(e)}") from None
    except OSError as e:
        raise CommandError(f"can't read {path}: {e.strerror}") from None
    meta = path.lower().endswith(".meta")
    message_type, what = (protos.MetaGraphDef, "MetaGraphDef") if meta else (protos.GraphDef, "GraphDef")
    if path.lower().endswith(".pbtxt"):
        return _parse_text(path, data, message_type, what)
    try:
        message = parse_graph_def(data, path, message_type)
    except errors.DataLossError as binary_error:
        try:
            return _parse_text(path, data, message_type, what)
        except CommandError:
            detail = _one_line(binary_error)
            inner = re.search(r"\(Error parsing message(?: with type '[^']*')?: (.*)\)$", detail)
            detail = inner.group(1).lower() if inner else detail.removeprefix(f"{path}: ")
            raise CommandError(f"{path} is not a binary {what} (the binary parse failed: {detail}), "
                               f"nor a {what} in text format") from None
    nodes = message.graph_def.node if meta else message.node
    if data and not nodes and _has_foreign_fields(message):
        raise CommandError(f"{path} is not a binary {what}: it parsed, but holds no nodes and fields a {what} "
                           "does not have (another kind of file, such as a SavedModel's saved_model.pb?)")
    return message
