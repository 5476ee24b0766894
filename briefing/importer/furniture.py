"""The page's lines -> website furniture (dropped and recorded), metadata (title, subtitle,
来源 / 发布机构, 时间 / 发布时间 / 发布日期, the site's 主办单位) and the content lines.

Furniture is recognised by whole lines: breadcrumbs (当前位置：首页 > …), the font-size and
print widgets (【字体：大 中 小】, 打印本页, 关闭窗口, 分享到), footer links (网站地图, 关于我们,
隐私声明, …), the site's imprint (主办单位, 承办单位, 技术支持, 网站标识码, ICP备 and 公网安备
numbers) and catalogue data (索引号, 主题分类). A content line is never furniture: a line is
dropped only when every part of it is one of these.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

SOURCE_KEYS = ("信息来源", "文章来源", "稿件来源", "来源", "发布机构", "发文机关", "发布单位")
DATE_KEYS = ("发布时间", "发布日期", "时间")
OTHER_KEYS = ("日期", "更新时间", "作者", "责任编辑", "编辑", "浏览次数", "点击次数", "阅读次数",
              "访问量", "点击量", "字号")
FIELD = re.compile(r"(?:^|(?<=\s))(?P<key>%s)\s*[:：]\s*"
                   % "|".join(SOURCE_KEYS + DATE_KEYS + OTHER_KEYS))
DATE = re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
                  r"(?:\s*(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2})(?:\s*[:：]\s*(?P<S>\d{2}))?)?")
WIDGETS = re.compile(r"[【\[]?\s*(?:字体|字号)\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中"
                     r"\s*[】\]]?\s*[【\[]?\s*小\s*[】\]]?\s*[】\]]?"
                     r"|分享到\s*[:：]?.*$")
IMPRINT = re.compile(r"^(?:主办单位|承办单位|协办单位|主管单位|技术支持|版权所有|联系电话|联系我们"
                     r"|网站标识码|索引号|主题分类|信息分类|文号|发文字号)\s*[:：]"
                     r"|ICP备|公网安备|网安备|[Cc]opyright|©")
BREADCRUMB = re.compile(r"^(?:当前位置|您的位置|您现在的位置|所在位置|位置)\s*[:：]"
                        r"|^(?:网站)?首页\s*[>＞»›→]")
LINK_WORDS = {
    "网站地图", "关于我们", "隐私声明", "隐私政策", "网站建议", "网站纠错", "联系我们", "法律声明",
    "版权声明", "使用帮助", "网站声明", "打印本页", "打印", "关闭窗口", "关闭本页", "关闭",
    "返回顶部", "返回", "收藏", "收藏本页", "加入收藏", "设为首页", "无障碍", "长者模式",
    "无障碍浏览", "微信",
    "微博", "QQ空间", "QQ", "扫一扫", "上一篇", "下一篇", "相关链接", "保存本页", "纠错"}
TOKEN_SEPARATORS = re.compile(r"[\s|｜/·•【】\[\]]+")
OPERATOR = re.compile(r"主办单位\s*[:：]\s*(?P<name>\S+)")
TITLE_MAX = 200  # characters: the deck's core properties hold 255 at most


def is_furniture(line: str) -> bool:
    """Tell whether a stripped line is website furniture, every part of it."""
    if BREADCRUMB.search(line) or IMPRINT.search(line):
        return True
    rest = WIDGETS.sub(" ", line)
    tokens = [t for t in TOKEN_SEPARATORS.split(rest) if t]
    if not tokens:
        return len(rest) < len(line)  # widgets only
    return all(t in LINK_WORDS for t in tokens)


@dataclass(frozen=True)
class Field:
    """One ``KEY：value`` field of a metadata line, with the column the value starts at."""

    key: str
    value: str
    line: int
    column: int


def metadata_fields(line: str, number: int) -> list[Field] | None:
    """Return the fields of a metadata line (来源：… 时间：…), or None if it is not one."""
    text = WIDGETS.sub("", line).rstrip()
    matches = list(FIELD.finditer(text))
    if not matches or matches[0].start() != 0 or len(text) > TITLE_MAX:
        return None
    fields = []
    for m, following in zip(matches, matches[1:] + [None], strict=True):
        end = following.start() if following else len(text)
        value = text[m.end():end].strip()
        fields.append(Field(m["key"], value, number, m.end() + 1))
    return fields


@dataclass
class Head:
    """What the page says about itself, and the lines it is said on."""

    title: str = ""
    title_line: int = 0
    subtitle_line: int = 0  # a subtitle on a line of its own (starting with ——)
    subtitle: str = ""
    fields: list[Field] = field(default_factory=list)
    operator: str = ""  # the site's 主办单位
    operator_line: int = 0
    furniture: list[tuple[int, str]] = field(default_factory=list)  # dropped lines
    metadata_lines: list[int] = field(default_factory=list)
    content: list[tuple[int, str]] = field(default_factory=list)  # (line, stripped text)

    def first(self, keys: tuple[str, ...]) -> Field | None:
        """Return the first field with one of the keys and a value, in the order of the keys."""
        for key in keys:
            for found in self.fields:
                if found.key == key and found.value:
                    return found
        return None

    def blank(self, keys: tuple[str, ...]) -> Field | None:
        """Return the first field with one of the keys, even when its value is blank."""
        return next((f for f in self.fields if f.key in keys), None)


def split_page(lines: list[str]) -> Head:
    """Sort the page's lines into furniture, metadata (before the first and after the last
    content line), the title and the content."""
    head = Head()
    kinds: list[str] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            kinds.append("blank")
        elif is_furniture(line):
            kinds.append("furniture")
            head.furniture.append((number, line))
            name = OPERATOR.search(line)
            if name and not head.operator:
                head.operator, head.operator_line = name["name"], number
        elif metadata_fields(line, number) is not None:
            kinds.append("metadata")
        else:
            kinds.append("content")
    content = [i for i, kind in enumerate(kinds) if kind == "content"]
    if content:
        first, last = content[0], content[-1]
        head.title, head.title_line = lines[first].strip(), first + 1
        kinds[first] = "title"
        below = first + 1
        if below < len(lines) and kinds[below] == "content" and \
                lines[below].strip().startswith(("——", "--")):
            kinds[below] = "subtitle"
            head.subtitle_line = below + 1
            head.subtitle = lines[below].strip().lstrip("—-").strip()
        body = next((i for i in range(first + 1, len(kinds)) if kinds[i] == "content"), last)
        for i in range(body, last):  # metadata-like lines amid the content are content
            if kinds[i] == "metadata":
                kinds[i] = "content"
    for i, kind in enumerate(kinds):
        if kind == "metadata":
            head.metadata_lines.append(i + 1)
            head.fields += metadata_fields(lines[i].strip(), i + 1) or []
        elif kind == "content":
            head.content.append((i + 1, lines[i].strip()))
    return head


@dataclass(frozen=True)
class PageDate:
    """The page's publication date: the date, and the date and time as printed."""

    date: dt.date
    published: str  # YYYY-MM-DD, or YYYY-MM-DD HH:MM[:SS] when the page gives a time


def read_date(value: str) -> PageDate | None:
    """Return the date a 时间 field gives (2022-02-14 17:19:49, 2022年2月14日), or None."""
    m = DATE.search(value)
    if not m:
        return None
    try:
        date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        published = date.isoformat()
        if m["H"] is not None:
            time = dt.time(int(m["H"]), int(m["M"]), int(m["S"] or 0))
            published += f" {time.hour:02d}:{time.minute:02d}" + \
                (f":{time.second:02d}" if m["S"] is not None else "")
    except ValueError:
        return None
    if not 1900 <= date.year <= 2200:
        return None
    return PageDate(date, published)
