#include "controller/pool/warm_pool.h"

#include <gtest/gtest.h>

namespace lambdex::pool {
namespace {

using namespace std::chrono_literals;

class WarmPoolTest : public ::testing::Test {
 protected:
  ManualClock clock_;
  WarmPool pool_{PoolLimits{3, 10min}, clock_};

  ContainerId StartOne(const std::string& fn, const std::string& id) {
    auto d = pool_.Acquire(fn);
    EXPECT_TRUE(std::holds_alternative<Start>(d));
    pool_.Started(fn, id, std::get<Start>(d).generation);
    return id;
  }
};

TEST_F(WarmPoolTest, FirstCallStartsSecondReuses) {
  StartOne("f", "c1");
  EXPECT_TRUE(pool_.Release("c1"));
  auto d = pool_.Acquire("f");
  ASSERT_TRUE(std::holds_alternative<Reuse>(d));
  EXPECT_EQ(std::get<Reuse>(d).id, "c1");
  EXPECT_EQ(pool_.Count("f"), 1);
}

TEST_F(WarmPoolTest, BusyContainerIsNotSharedSoConcurrentCallsScaleOut) {
  StartOne("f", "c1");
  StartOne("f", "c2");  // c1 busy: a second call starts another
  EXPECT_EQ(pool_.Count("f"), 2);
}

TEST_F(WarmPoolTest, AtCapacityCallsWaitAndStartingOnesCount) {
  StartOne("f", "c1");
  StartOne("f", "c2");
  auto third = pool_.Acquire("f");  // starting, not yet reported
  ASSERT_TRUE(std::holds_alternative<Start>(third));
  EXPECT_TRUE(std::holds_alternative<Wait>(pool_.Acquire("f")));
  pool_.StartFailed("f");
  EXPECT_TRUE(std::holds_alternative<Start>(pool_.Acquire("f")));
}

TEST_F(WarmPoolTest, FunctionsHaveSeparateLimits) {
  StartOne("f", "c1");
  StartOne("f", "c2");
  StartOne("f", "c3");
  EXPECT_TRUE(std::holds_alternative<Wait>(pool_.Acquire("f")));
  EXPECT_TRUE(std::holds_alternative<Start>(pool_.Acquire("g")));
}

TEST_F(WarmPoolTest, MostRecentlyUsedIdleContainerIsReused) {
  StartOne("f", "a");
  StartOne("f", "b");
  pool_.Release("a");
  clock_.Advance(1s);
  pool_.Release("b");
  auto d = pool_.Acquire("f");
  ASSERT_TRUE(std::holds_alternative<Reuse>(d));
  EXPECT_EQ(std::get<Reuse>(d).id, "b");
}

TEST_F(WarmPoolTest, IdleContainersExpireAfterTtlBusyOnesNever) {
  StartOne("f", "idle");
  StartOne("f", "busy");
  pool_.Release("idle");
  clock_.Advance(9min);
  EXPECT_TRUE(pool_.ExpireIdle().empty());
  clock_.Advance(1min);
  EXPECT_EQ(pool_.ExpireIdle(), std::vector<ContainerId>{"idle"});
  EXPECT_EQ(pool_.Count("f"), 1);
  clock_.Advance(1h);
  EXPECT_TRUE(pool_.ExpireIdle().empty());
}

TEST_F(WarmPoolTest, RetireReturnsIdleAndBusyOnesAreDroppedOnRelease) {
  StartOne("f", "idle");
  StartOne("f", "busy");
  pool_.Release("idle");
  EXPECT_EQ(pool_.Retire("f"), std::vector<ContainerId>{"idle"});
  EXPECT_FALSE(pool_.Release("busy"));
  EXPECT_EQ(pool_.Count("f"), 0);
  EXPECT_TRUE(std::holds_alternative<Start>(pool_.Acquire("f")));
}

TEST_F(WarmPoolTest, ContainerStartedAcrossARetireServesOnceThenGoes) {
  auto d = pool_.Acquire("f");
  ASSERT_TRUE(std::holds_alternative<Start>(d));
  pool_.Retire("f");  // code updated while the container was starting
  pool_.Started("f", "old", std::get<Start>(d).generation);
  EXPECT_FALSE(pool_.Release("old"));
  EXPECT_EQ(pool_.Count("f"), 0);
}

TEST_F(WarmPoolTest, RemovedContainerFreesItsSlot) {
  StartOne("f", "c1");
  StartOne("f", "c2");
  StartOne("f", "c3");
  pool_.Remove("c2");
  EXPECT_EQ(pool_.Count("f"), 2);
  EXPECT_TRUE(std::holds_alternative<Start>(pool_.Acquire("f")));
}

}  // namespace
}  // namespace lambdex::pool
