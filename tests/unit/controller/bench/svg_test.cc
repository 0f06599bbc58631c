#include "controller/bench/svg.h"

#include <gtest/gtest.h>

#include "tests/unit/controller/bench/fixture.h"

namespace lambdex::bench {
namespace {

std::size_t Count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(XmlEscapeTest, EscapesMarkup) {
  EXPECT_EQ(XmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(XmlEscape("plain"), "plain");
}

TEST(RenderSvgTest, StandaloneDocumentWithARowPerSeries) {
  const std::string svg = RenderSvg(SampleResults());
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_EQ(Count(svg, "<svg"), 1u);
  EXPECT_EQ(Count(svg, "<script"), 0u);
  // Rows: stay-open warm + cold, docker-exec (did not start), docker warm + cold, four baselines.
  EXPECT_NE(svg.find(">stay-open warm<"), std::string::npos);
  EXPECT_NE(svg.find(">stay-open cold start<"), std::string::npos);
  EXPECT_NE(svg.find("did not start: executor docker-reuse"), std::string::npos);
  EXPECT_NE(svg.find(">baseline: docker exec &lt;handler&gt;<"), std::string::npos);
  EXPECT_NE(svg.find("no successful call: create failed"), std::string::npos);
  // One dot per sample: 100 + 2 (stay-open) + 2 (docker warm) + 3 + 2 + 3 (baselines).
  EXPECT_EQ(Count(svg, "<circle"), 112u);
  EXPECT_NE(svg.find("in-process"), std::string::npos);
  // Every opened text element is closed (cheap well-formedness check).
  EXPECT_EQ(Count(svg, "<text"), Count(svg, "</text>"));
}

TEST(RenderSvgTest, EmptyResultsStillDraw) {
  BenchResults r;
  const std::string svg = RenderSvg(r);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_EQ(Count(svg, "<circle"), 0u);
}

}  // namespace
}  // namespace lambdex::bench
