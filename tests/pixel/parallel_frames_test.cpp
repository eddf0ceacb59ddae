// tests/pixel/parallel_frames_test.cpp — frames produced in parallel and consumed in order, in bounded memory.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <set>
#include <thread>

#include "pixel/internal/parallel_frames.h"

namespace roentgen {
namespace {

using internal::for_each_frame_in_order;

TEST(FramesInOrder, EveryFrameIsConsumedOnceInOrderWithItsOwnBytes)
{
    for (unsigned threads : {1u, 2u, 4u, 7u}) {
        SCOPED_TRACE(testing::Message() << threads << " threads");
        std::vector<uint32_t> order;
        std::set<const uint8_t*> slots;
        auto done = for_each_frame_in_order(
            200, threads, 64,
            [](uint32_t index, std::span<uint8_t> slot) -> Result<void> {
                // Uneven work so that frames finish out of order.
                if (index % 7 == 0)
                    std::this_thread::sleep_for(std::chrono::microseconds(300));
                std::memset(slot.data(), int(index % 251), slot.size());
                return {};
            },
            [&](uint32_t index, std::span<const uint8_t> slot) -> Result<void> {
                order.push_back(index);
                slots.insert(slot.data());
                for (uint8_t byte : slot)
                    if (byte != index % 251)
                        return make_error(Errc::Malformed, "frame " + std::to_string(index) + " holds another's bytes");
                return {};
            });
        ASSERT_TRUE(done) << done.error().message;
        ASSERT_EQ(order.size(), 200u);
        for (uint32_t i = 0; i < 200; ++i)
            ASSERT_EQ(order[i], i);
        // Memory is a fixed ring, not one slot per frame.
        EXPECT_LE(slots.size(), 2 * std::min(threads, 200u) + 2);
    }
}

TEST(FramesInOrder, NoFrameRunsFurtherAheadThanTheRing)
{
    std::atomic<uint32_t> consumed{0};
    std::atomic<uint32_t> worst_lead{0};
    auto done = for_each_frame_in_order(
        100, 2, 8,
        [&](uint32_t index, std::span<uint8_t>) -> Result<void> {
            uint32_t lead = index - consumed.load();
            uint32_t seen = worst_lead.load();
            while (lead > seen && !worst_lead.compare_exchange_weak(seen, lead)) {
            }
            return {};
        },
        [&](uint32_t, std::span<const uint8_t>) -> Result<void> {
            std::this_thread::sleep_for(std::chrono::microseconds(200));  // a slow writer
            ++consumed;
            return {};
        });
    ASSERT_TRUE(done);
    EXPECT_EQ(consumed.load(), 100u);
    EXPECT_LT(worst_lead.load(), 2u * 2 + 2);
}

TEST(FramesInOrder, AProducerErrorStopsEverythingAndIsReturned)
{
    std::atomic<uint32_t> produced{0};
    uint32_t consumed = 0;
    auto done = for_each_frame_in_order(
        10000, 2, 16,
        [&](uint32_t index, std::span<uint8_t>) -> Result<void> {
            ++produced;
            if (index == 40)
                return make_error(Errc::Malformed, "frame 40 is damaged");
            return {};
        },
        [&](uint32_t index, std::span<const uint8_t>) -> Result<void> {
            EXPECT_LT(index, 40u);
            ++consumed;
            return {};
        });
    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().message, "frame 40 is damaged");
    EXPECT_LE(consumed, 40u);
    EXPECT_LT(produced.load(), 100u);
}

TEST(FramesInOrder, AConsumerErrorStopsTheProducers)
{
    std::atomic<uint32_t> produced{0};
    auto done = for_each_frame_in_order(
        10000, 3, 16,
        [&](uint32_t, std::span<uint8_t>) -> Result<void> {
            ++produced;
            return {};
        },
        [&](uint32_t index, std::span<const uint8_t>) -> Result<void> {
            if (index == 5)
                return make_error(Errc::Io, "disk full");
            return {};
        });
    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().message, "disk full");
    EXPECT_LE(produced.load(), 5u + 2 * 3 + 2 + 3);
}

TEST(FramesInOrder, NoFramesIsNothingToDo)
{
    bool called = false;
    auto done = for_each_frame_in_order(
        0, 2, 16, [&](uint32_t, std::span<uint8_t>) -> Result<void> { called = true; return {}; },
        [&](uint32_t, std::span<const uint8_t>) -> Result<void> { called = true; return {}; });
    EXPECT_TRUE(done);
    EXPECT_FALSE(called);
}

}  // namespace
}  // namespace roentgen
