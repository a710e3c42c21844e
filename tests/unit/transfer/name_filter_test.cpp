#include "transfer/name_filter.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace box::transfer {
namespace {

TEST(GlobMatch, Table) {
  const struct {
    const char* pattern;
    const char* name;
    bool expected;
  } cases[] = {
      {"*.txt", "a.txt", true},
      {"*.txt", "a.txt.bak", false},
      {"*.txt", ".txt", true},
      {"*", "", true},
      {"*", "anything at all", true},
      {"a*b*c", "abc", true},
      {"a*b*c", "aXXbYYc", true},
      {"a*b*c", "aXXbYY", false},
      {"?.log", "1.log", true},
      {"?.log", "12.log", false},
      {"file[0-9].csv", "file7.csv", true},
      {"file[0-9].csv", "fileA.csv", false},
      {"file[^0-9].csv", "fileA.csv", true},
      {"file[^0-9].csv", "file7.csv", false},
      {"[abc]", "b", true},
      {"\\*", "*", true},
      {"\\*", "a", false},
      {"report", "report", true},
      {"report", "Report", false},  // case-sensitive, as on Linux
      {"*.tar.gz", "backup.tar.gz", true},
      {"*#*", "a#b", true},
      {"* *", "with space", true},
      {"caf\xc3\xa9*", "caf\xc3\xa9 menu", true},
  };
  for (const auto& test : cases) {
    EXPECT_EQ(glob_match(test.pattern, test.name), test.expected) << test.pattern << " vs " << test.name;
  }
}

TEST(GlobMatch, MalformedPatternRejected) {
  for (const char* pattern : {"[abc", "abc\\", "[a-"}) {
    EXPECT_THROW(glob_match(pattern, "x"), Error) << pattern;
  }
}

TEST(NameFilter, IncludeAndExclude) {
  const NameFilter filter("*.txt;*.md", "secret*;*.tmp.txt");
  EXPECT_TRUE(filter.accepts("notes.txt"));
  EXPECT_TRUE(filter.accepts("README.md"));
  EXPECT_FALSE(filter.accepts("image.png"));
  EXPECT_FALSE(filter.accepts("secret.txt"));
  EXPECT_FALSE(filter.accepts("draft.tmp.txt"));
}

TEST(NameFilter, EmptyListsAcceptAll) {
  const NameFilter filter("", ";;");
  EXPECT_TRUE(filter.accepts("anything"));
  EXPECT_TRUE(filter.accepts(""));
}

TEST(NameFilter, ExcludeOnly) {
  const NameFilter filter("", "*.log");
  EXPECT_TRUE(filter.accepts("a.txt"));
  EXPECT_FALSE(filter.accepts("a.log"));
}

TEST(NameFilter, InvalidPatternNamed) {
  try {
    NameFilter("[oops", "");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(error.what()).find("[oops"), std::string::npos) << error.what();
  }
}

TEST(SplitPatterns, DropsEmptyEntries) {
  EXPECT_EQ(split_patterns("a;;b;"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(split_patterns(""), std::vector<std::string>{});
  EXPECT_EQ(split_patterns("one"), std::vector<std::string>{"one"});
}

}  // namespace
}  // namespace box::transfer
