package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LinkedUsersTest {
    private final List<String> wire = new ArrayList<>();
    private final Set<String> onNetwork = new java.util.HashSet<>();
    private final LinkedUsers users = new LinkedUsers(new Rfc2813Dialect("matrix.localhost"), "{displayname}[m]", 30,
            nick -> onNetwork.contains(IrcNames.fold(nick)), wire::add);

    @Test
    void whileTheLinkIsDownChangesAreNotedAndTheBurstIntroducesEveryoneWithOneNjoinPerChannel() {
        users.joined("@olga:localhost", "Olga", "#a");
        users.joined("@olga:localhost", "Olga", "#b");
        users.joined("@pavel:localhost", "Pavel", "#a");
        assertThat(wire).isEmpty();

        users.burst();

        assertThat(wire).containsExactly(
                ":matrix.localhost NICK Olga[m] 1 olga matrix.localhost 1 + :Olga (@olga:localhost)",
                ":matrix.localhost NICK Pavel[m] 1 pavel matrix.localhost 1 + :Pavel (@pavel:localhost)",
                ":matrix.localhost NJOIN #a :Olga[m],Pavel[m]",
                ":matrix.localhost NJOIN #b :Olga[m]");
    }

    @Test
    void afterTheBurstJoinsPartsAndRenamesGoOutAsTheUsersOwnLines() {
        users.burst();
        users.joined("@olga:localhost", "Olga", "#a");
        users.renamed("@olga:localhost", "Olga K");
        users.left("@olga:localhost", "#a", "bye\r\nQUIT :evil");

        assertThat(wire).containsExactly(
                ":matrix.localhost NICK Olga[m] 1 olga matrix.localhost 1 + :Olga (@olga:localhost)",
                ":Olga[m] JOIN #a",
                ":Olga[m] NICK OlgaK[m]",
                ":OlgaK[m] PART #a :bye QUIT :evil",
                ":OlgaK[m] QUIT :left Matrix portals");
        assertThat(users.user("@olga:localhost")).isEmpty();
    }

    @Test
    void theBurstIntroducesEachChannelsMembersRightBeforeItsNjoinAndLeavingPartsNewestFirst() {
        users.joined("@olga:localhost", "Olga", "#a");
        users.joined("@pavel:localhost", "Pavel", "#b");
        users.joined("@olga:localhost", "Olga", "#b");
        users.present("@rita:localhost", "Rita");
        users.burst();
        assertThat(wire).containsExactly(
                ":matrix.localhost NICK Olga[m] 1 olga matrix.localhost 1 + :Olga (@olga:localhost)",
                ":matrix.localhost NJOIN #a :Olga[m]",
                ":matrix.localhost NICK Pavel[m] 1 pavel matrix.localhost 1 + :Pavel (@pavel:localhost)",
                ":matrix.localhost NJOIN #b :Olga[m],Pavel[m]",
                ":matrix.localhost NICK Rita[m] 1 rita matrix.localhost 1 + :Rita (@rita:localhost)");

        assertThat(users.leaving("going\r\ndown")).containsExactly(
                ":Pavel[m] PART #b :going down",
                ":Olga[m] PART #b,#a :going down");
        assertThat(users.up()).isFalse();
        assertThat(users.leaving("again")).isEmpty();
    }

    @Test
    void matrixPresenceIsTheUsersAwayAfterTheBurstAndInTheNextBurst() {
        users.away("@olga:localhost", Optional.of("at lunch")); // not on the network yet: noted
        users.burst();
        users.joined("@olga:localhost", "Olga", "#a");
        users.away("@olga:localhost", Optional.of("at lunch")); // no change
        users.away("@olga:localhost", Optional.empty());
        users.away("@olga:localhost", Optional.of("gone\r\nQUIT"));
        assertThat(wire).containsExactly(
                ":matrix.localhost NICK Olga[m] 1 olga matrix.localhost 1 + :Olga (@olga:localhost)",
                ":Olga[m] MODE Olga[m] :+a",
                ":Olga[m] JOIN #a",
                ":Olga[m] MODE Olga[m] :-a",
                ":Olga[m] MODE Olga[m] :+a");

        wire.clear();
        users.down();
        users.burst();
        assertThat(wire).containsExactly(
                ":matrix.localhost NICK Olga[m] 1 olga matrix.localhost 1 + :Olga (@olga:localhost)",
                ":matrix.localhost NJOIN #a :Olga[m]",
                ":Olga[m] MODE Olga[m] :+a");
    }

    @Test
    void aNickTakenOnTheNetworkIsNeverIntroducedAndAKilledUserComesBackUnderTheNextFreeNick() {
        onNetwork.add(IrcNames.fold("Pavel[m]"));
        users.burst();
        users.joined("@pavel:localhost", "Pavel", "#a");
        assertThat(users.user("@pavel:localhost").orElseThrow().nick()).isEqualTo("Pavel2[m]");

        wire.clear();
        assertThat(users.killed("Pavel2[m]")).isPresent();
        assertThat(wire).containsExactly(
                ":matrix.localhost NICK Pavel3[m] 1 pavel matrix.localhost 1 + :Pavel (@pavel:localhost)",
                ":Pavel3[m] JOIN #a");
        assertThat(users.killed("someone")).isEmpty();
    }

    @Test
    void aDisplayNameCannotAddACommandToTheIntroduction() {
        users.burst();
        users.joined("@eve:localhost", "Eve\r\n:matrix.localhost SQUIT x", "#a");
        assertThat(wire).allMatch(IrcText::isClean);
        assertThat(wire.getFirst()).startsWith(":matrix.localhost NICK Eve").doesNotContain("\n");
    }
}
