package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;

class StaleStaticMembersTest {

    @Test
    void onlyThisInstancesMembersBeyondItsThreadCountAreStale() {
        List<MemberDescription> members = List.of(member("simplepush-dev-1"), member("simplepush-dev-2"),
                member("simplepush-dev-3"), member("simplepush-dev-other-4"), member("elsewhere-5"), member(null));

        assertThat(StaleStaticMembers.stale(members, "simplepush-dev", 1))
                .containsExactly("simplepush-dev-2", "simplepush-dev-3");
        assertThat(StaleStaticMembers.stale(members, "simplepush-dev", 3)).isEmpty();
    }

    private static MemberDescription member(String instanceId) {
        return new MemberDescription("m-" + instanceId, Optional.ofNullable(instanceId), "client", "host",
                new MemberAssignment(Set.of()));
    }
}
