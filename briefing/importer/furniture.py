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
DATE_KEYS = ("发布时间", "发布日期", "时间", "日期", "")  # "": a date line without a label
OTHER_KEYS = ("更新时间", "作者", "责任编辑", "编辑", "浏览次数", "点击次数", "阅读次数",
              "访问量", "点击量", "字号", "地点")
SPACE = "[ \u3000\xa0]"
# a label may be spaced out to the width of the others (时  间：), the spaces are not its words
FIELD = re.compile(r"(?:^|(?<=[\s\d】）)\]]))(?P<key>%s)%s*[:：]%s*" % (
    "|".join(f"{SPACE}*".join(key) for key in SOURCE_KEYS + DATE_KEYS[:-1] + OTHER_KEYS),
    SPACE, SPACE))
DATE = re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
                  r"(?:\s*(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2})(?:\s*[:：]\s*(?P<S>\d{2}))?)?")
WIDGETS = re.compile(r"[【\[]?\s*(?:字体|字号)\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中"
                     r"\s*[】\]]?\s*[【\[]?\s*小\s*[】\]]?\s*[】\]]?"
                     r"|分享到\s*[:：]?.*$")
IMPRINT = re.compile(r"^[【\[（(]?(?:主办单位|承办单位|协办单位|主管单位|技术支持|版权所有|联系电话"
                     r"|联系我们|网站标识码|索引号|主题分类|信息分类|文号|发文字号|责任编辑|编辑"
                     r"|责编|审核|校对|审校|终审|初审|值班编辑)\s*[:：]"
                     r"|ICP备|公网安备|网安备|[Cc]opyright|©")
# a reprinting site's app and account lines, whole lines only: 下载…客户端, 扫一扫在手机打开当前页
APP = re.compile(r"^.{0,12}(?:下载|打开).{0,12}(?:客户端|APP|App|app)$|^扫一?扫.{0,16}$"
                 r"|^(?:关注|订阅).{0,16}(?:微信公众号|公众号|微博|视频号)$|^.{0,16}手机版$")
RELATED = re.compile(r"^[【\[]?(?:相关稿件|相关新闻|相关链接|相关阅读|相关文章|相关文件|相关解读"
                     r"|延伸阅读|推荐阅读|热点新闻|热点推荐|猜你喜欢)[】\]]?\s*[:：]?$")
RELATED_LINE_MAX = 60  # characters of a related article's title
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
HEAD_MAX = 4  # content lines before the first metadata line that may be the page's head
SITE_LINE_MAX = 16  # characters of a site's line above the title
URL = re.compile(r"^(?:https?://|www\.)\S+$")
SITE_MARKS = re.compile("[《》“”，、：:（）()？?。]")
COLUMN_NAMES = {"政策解读", "解读", "新闻发布", "新闻", "要闻", "政务公开", "信息公开", "首页",
                "解读回应", "新闻中心", "新闻发布会", "权威发布", "政策"}
SITE_ENDS = ("网", "网站", "门户网站", "政府", "银行", "委员会", "部", "局", "厅", "署",
             "办公室", "办公厅", "中心", "总局")


def is_furniture(line: str) -> bool:
    """Tell whether a stripped line is website furniture, every part of it."""
    if BREADCRUMB.search(line) or IMPRINT.search(line) or APP.search(line) or \
            RELATED.match(line):
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
    origin: str = ""  # where a field not on a line comes from: a meta tag, a property


def metadata_fields(line: str, number: int, indent: int = 0) -> list[Field] | None:
    """Return the fields of a metadata line (来源：… 时间：…, or a date and fields after it:
    2021-07-30 17:07 来源：新华社), or None if it is not one; `indent` is the number of
    characters the line was stripped of on the left, so that columns are the page's."""
    text = WIDGETS.sub("", line).rstrip()
    matches = list(FIELD.finditer(text))
    lead = DATE.match(text)
    if lead and text[lead.end():lead.end() + 1].strip() and not matches:
        lead = None  # a date that runs on into words is a sentence, not a date line
    starts = matches[0].start() if matches else len(text)
    if len(text) > TITLE_MAX or not (matches and starts == 0 or lead and
                                     not text[lead.end():starts].strip()):
        return None
    fields = [Field("", _value(text[:lead.end()]), number, indent + 1)] if lead else []
    for m, following in zip(matches, [*matches[1:], None][:len(matches)], strict=True):
        end = following.start() if following else len(text)
        value = _value(text[m.end():end])
        fields.append(Field(re.sub(SPACE, "", m["key"]), value, number, indent + m.end() + 1))
    return fields


def _value(text: str) -> str:
    """Return a field's value without the widget words printed after it (打印本页, 关闭窗口)."""
    text = text.strip()
    while True:
        bare = text.rstrip("【】[]|｜ \u3000")
        word = next((w for w in LINK_WORDS if bare.endswith(w) and len(w) > 1), None)
        if word is None or bare == word:
            return bare if word is None else ""
        text = bare[:-len(word)]


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


def is_site_line(line: str) -> bool:
    """Tell whether a line of the page's head is the site's own (its name, a column's name, its
    address: 中国人民银行, 政策解读, www.example.gov.cn) rather than the title."""
    if URL.match(line):
        return True
    words = line.split()
    return len(line) <= SITE_LINE_MAX and not SITE_MARKS.search(line) and all(
        w in COLUMN_NAMES or w.endswith(SITE_ENDS) for w in words)


def _head(lines: list[str], kinds: list[str]) -> list[int]:
    """Return the indexes of the lines that may be the title and the subtitle: the content lines
    before the first metadata line when there are a few and text follows it, else the first."""
    content = [i for i, kind in enumerate(kinds) if kind == "content"]
    meta = next((i for i, kind in enumerate(kinds) if kind == "metadata"), len(kinds))
    head = [i for i in content if i < meta]
    if not head or len(head) > HEAD_MAX or content[-1] < meta:
        head = content[:1]
    return head


def _related_tail(lines: list[str], kinds: list[str]) -> None:
    """Mark furniture the titles listed under a 相关稿件 line at the page's foot: every line
    after it, when each is short and no sentence."""
    starts = [i for i, line in enumerate(lines) if RELATED.match(line.strip())]
    if not starts:
        return
    rest = range(starts[-1] + 1, len(lines))
    if all(kinds[i] != "content" or len(lines[i].strip()) <= RELATED_LINE_MAX and
           not lines[i].strip().endswith(("。", "！", "？")) for i in rest):
        for i in rest:
            if kinds[i] == "content":
                kinds[i] = "furniture"


def split_page(lines: list[str], dropped: frozenset[int] = frozenset()) -> Head:
    """Sort the page's lines into furniture (with the `dropped` line numbers, which a web
    page's extractor left out), metadata (before the first and after the last content line),
    the site's lines before the title, the title, its subtitle and the content."""
    head = Head()
    kinds: list[str] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            kinds.append("blank")
        elif number in dropped or is_furniture(line):
            kinds.append("furniture")
            name = OPERATOR.search(line)
            if name and not head.operator:
                head.operator, head.operator_line = name["name"], number
        elif metadata_fields(line, number) is not None:
            kinds.append("metadata")
        else:
            kinds.append("content")
    _related_tail(lines, kinds)
    top = _head(lines, kinds)
    while len(top) > 1 and is_site_line(lines[top[0]].strip()):
        kinds[top.pop(0)] = "furniture"
    if top:
        first = top[0]
        head.title, head.title_line = lines[first].strip(), first + 1
        kinds[first] = "title"
        below = top[1] if len(top) > 1 else first + 1
        dashed = any(d in head.title for d in ("——", "--"))
        if below < len(lines) and kinds[below] == "content" and not dashed and \
                (len(top) > 1 or lines[below].strip().startswith(("——", "--"))):
            kinds[below] = "subtitle"
            head.subtitle_line = below + 1
            head.subtitle = lines[below].strip().lstrip("—-").strip()
        content = [i for i, kind in enumerate(kinds) if kind == "content"]
        last = content[-1] if content else first
        body = next((i for i in range(first + 1, len(kinds)) if kinds[i] == "content"), last)
        for i in range(body, last):  # metadata-like lines amid the content are content
            if kinds[i] == "metadata":
                kinds[i] = "content"
    for i, kind in enumerate(kinds):
        if kind == "furniture":
            head.furniture.append((i + 1, lines[i].strip()))
        elif kind == "metadata":
            head.metadata_lines.append(i + 1)
            raw = lines[i]
            head.fields += metadata_fields(raw.strip(), i + 1,
                                           len(raw) - len(raw.lstrip())) or []
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
