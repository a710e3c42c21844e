// Edit distance and the closest-match suggestion for mistyped names.
#include "common/closest_match.h"

#include <gtest/gtest.h>

namespace {

TEST(EditDistance, CountsEdits) {
  EXPECT_EQ(box::edit_distance("", ""), 0u);
  EXPECT_EQ(box::edit_distance("check", "check"), 0u);
  EXPECT_EQ(box::edit_distance("chek", "check"), 1u);
  EXPECT_EQ(box::edit_distance("--profle", "--profile"), 1u);
  EXPECT_EQ(box::edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(box::edit_distance("", "abc"), 3u);
}

TEST(ClosestMatch, PicksNearestCandidate) {
  const std::vector<std::string> commands = {"check", "patch", "generate", "run", "resolve", "trace"};
  EXPECT_EQ(box::closest_match("chek", commands), "check");
  EXPECT_EQ(box::closest_match("resolv", commands), "resolve");
  EXPECT_EQ(box::closest_match("patch", commands), "patch");
}

TEST(ClosestMatch, RejectsDistantWords) {
  const std::vector<std::string> options = {"--profile", "--cap-add", "--cap-drop"};
  EXPECT_EQ(box::closest_match("--bogus", options), "");
  EXPECT_EQ(box::closest_match("x", {}), "");
}

}  // namespace
