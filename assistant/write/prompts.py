"""Prompt files (prompts/*.yaml) loaded into LangChain chat templates and rendered strictly.

A file has the shape {name, description, input_variables, messages: [{role, content}]} and may
name an `include`: a file of shared blocks (prompts/shared/<name>.yaml, a mapping of block name to
text) whose blocks the contents pull in as [[block]]; an unknown block is an error. Each content is
then an f-string template: {variable} is filled in, literal braces are written {{ }}.
Values are inserted as data, never parsed as templates, so braces in a pasted report are safe;
tag-like text in a value (</facts>) is defused so that it cannot close its data block early.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from langchain_core.prompt_values import ChatPromptValue
from langchain_core.prompts import ChatPromptTemplate

from assistant.config import PROJECT_ROOT
from assistant.errors import ConfigError

PROMPTS_DIR = PROJECT_ROOT / "prompts"
FIELDS = ("name", "description", "input_variables", "messages")
OPTIONAL_FIELDS = ("include",)
_BLOCK = re.compile(r"\[\[([a-z_]+)\]\]")
ROLES = ("system", "human", "ai")
_TAG = re.compile(r"<(\s*/?\s*[A-Za-z][A-Za-z0-9_-]*\s*/?\s*)>")


@dataclass(frozen=True)
class Prompt:
    """One prompt file: its declared variables and the chat template they fill."""

    name: str
    description: str
    input_variables: tuple[str, ...]
    template: ChatPromptTemplate

    def render(self, **values: str) -> ChatPromptValue:
        """The messages with every declared variable filled; a missing or unknown one is an error."""
        missing = [v for v in self.input_variables if v not in values]
        unexpected = sorted(set(values) - set(self.input_variables))
        if missing or unexpected:
            raise ConfigError(
                f"提示词 {self.name} 的变量不匹配（缺少：{'、'.join(missing) or '无'}；"
                f"多出：{'、'.join(unexpected) or '无'}）。应当恰好提供 {'、'.join(self.input_variables)}："
                f"请核对 prompts/{self.name}.yaml 与调用它的代码。")
        return self.template.invoke({key: as_data(key, value) for key, value in values.items()})


def as_data(key: str, value: str) -> str:
    """A value as it goes into a data block: text only, with tags turned into look-alikes."""
    if not isinstance(value, str):
        raise TypeError(f"prompt variable {key!r} must be str, got {type(value).__name__}")
    return _TAG.sub(lambda m: f"＜{m[1]}＞", value)


def load_prompt(name: str, directory: Path | None = None) -> Prompt:
    """The prompt in <directory>/<name>.yaml (prompts/ of the repository by default), checked."""
    path = (directory or PROMPTS_DIR) / f"{name}.yaml"
    data = read_prompt_file(path)
    problem = shape_problem(data, path.stem)
    if problem:
        raise ConfigError(f"提示词文件 {path} 格式不对：{problem}。")
    messages = with_blocks(data["messages"], data.get("include"), path)
    template = build_template(messages, path)
    declared, used = set(data["input_variables"]), set(template.input_variables)
    if declared != used:
        raise ConfigError(
            f"提示词文件 {path} 的 input_variables 与正文不一致：声明了 {sorted(declared)}，"
            f"正文中用到 {sorted(used)}。请让两者一致；正文中字面的花括号要写成 {{{{ }}}}。")
    return Prompt(data["name"], data["description"], tuple(data["input_variables"]), template)


def read_prompt_file(path: Path) -> object:
    """The parsed YAML of a prompt file; ConfigError when it is absent or not YAML."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"找不到提示词文件 {path}：请确认 prompts/ 目录完整。") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise ConfigError(f"提示词文件 {path} 无法读取（须为 UTF-8 编码的 YAML）：{e}") from e


def shape_problem(data: object, stem: str) -> str:
    """What is wrong with the shape of a parsed prompt file, or "" when nothing is."""
    if not isinstance(data, dict) or not set(FIELDS) <= set(data) <= set(FIELDS + OPTIONAL_FIELDS):
        keys = sorted(map(str, data)) if isinstance(data, dict) else type(data).__name__
        return f"顶层应恰好有字段 {list(FIELDS)}（可另有 include），实际是 {keys}"
    if "include" in data and not (isinstance(data["include"], str) and data["include"].isidentifier()):
        return "include 应是 prompts/shared/ 下一个共享文件的名字（不带 .yaml）"
    if data["name"] != stem:
        return f"name 应与文件名相同（{stem}），实际是 {data['name']!r}"
    if not isinstance(data["description"], str) or not data["description"].strip():
        return "description 应是一句非空的说明"
    variables = data["input_variables"]
    if not isinstance(variables, list) or not all(map(is_ascii_identifier, variables)):
        return "input_variables 应是由英文标识符组成的列表"
    if len(set(variables)) != len(variables):
        return "input_variables 中有重复的变量"
    messages = data["messages"]
    if not isinstance(messages, list) or not messages:
        return "messages 应是非空列表"
    return next(filter(None, (message_problem(m, n) for n, m in enumerate(messages, 1))), "")


def is_ascii_identifier(value: object) -> bool:
    return isinstance(value, str) and value.isascii() and value.isidentifier()


def message_problem(message: object, number: int) -> str:
    """What is wrong with one entry of messages, or "" when nothing is."""
    if not isinstance(message, dict) or set(message) != {"role", "content"}:
        return f"messages 第 {number} 项应恰好有 role 和 content 两个字段"
    if message["role"] not in ROLES:
        return f"messages 第 {number} 项的 role 应是 {'、'.join(ROLES)} 之一，实际是 {message['role']!r}"
    if not isinstance(message["content"], str) or not message["content"].strip():
        return f"messages 第 {number} 项的 content 应是非空文字"
    return ""


def with_blocks(messages: list[dict], include: str | None, path: Path) -> list[dict]:
    """The messages with every [[block]] replaced by the shared block of that name."""
    blocks = read_blocks(path.parent / "shared" / f"{include}.yaml") if include else {}

    def block(match: re.Match) -> str:
        if match[1] not in blocks:
            raise ConfigError(f"提示词文件 {path} 用到了共享块 [[{match[1]}]]，但"
                              f"{'没有 include 共享文件' if not include else f'shared/{include}.yaml 中没有它'}。")
        return blocks[match[1]].strip()
    return [{"role": m["role"], "content": _BLOCK.sub(block, m["content"])} for m in messages]


def read_blocks(path: Path) -> dict[str, str]:
    """The shared blocks of an include file: a mapping of block name to text."""
    data = read_prompt_file(path)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ConfigError(f"共享提示词文件 {path} 格式不对：应是“块名: 文字”的映射。")
    return data


def build_template(messages: list[dict], path: Path) -> ChatPromptTemplate:
    """The chat template of the messages; ConfigError for a malformed {placeholder}."""
    try:
        return ChatPromptTemplate.from_messages(
            [(m["role"], m["content"]) for m in messages], template_format="f-string")
    except (ValueError, KeyError) as e:
        raise ConfigError(
            f"提示词文件 {path} 的占位符有误（{e}）：变量写成 {{name}}，字面的花括号写成 {{{{ }}}}。") from e
