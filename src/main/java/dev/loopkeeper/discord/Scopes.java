package dev.loopkeeper.discord;

import dev.loopkeeper.common.InvalidInputException;
import dev.loopkeeper.loop.Actor;
import dev.loopkeeper.loop.LoopErrors;
import dev.loopkeeper.loop.LoopScope;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.interactions.Interaction;

/**
 * Reads, from what Discord says about an interaction, whose loops it acts on (the {@code scope} option) and who acts:
 * the rules themselves are the service's.
 */
final class Scopes {
    private Scopes() {
    }

    /**
     * The scope a {@code scope} option names ({@code null}: personal): the caller's own loops, or the shared loops of
     * the server the interaction happens in. In a DM there is no server, and a server scope is refused.
     */
    static LoopScope scope(Interaction event, String typed) {
        LoopScope.Kind kind = LoopScope.Kind.parse(typed)
                .orElseThrow(() -> new InvalidInputException(LoopErrors.unknownScope(typed)));
        if (kind == LoopScope.Kind.PERSONAL) {
            return LoopScope.personal(event.getUser().getId());
        }
        if (event.getGuild() == null) {
            throw new InvalidInputException(LoopErrors.serverScopeNeedsServer());
        }
        return LoopScope.server(event.getGuild().getId());
    }

    /** The person acting, the server they act in (none in a DM) and whether they hold Manage Server there. */
    static Actor actor(Interaction event) {
        Guild guild = event.getGuild();
        Member member = event.getMember();
        if (guild == null || member == null) {
            return Actor.person(event.getUser().getId());
        }
        return Actor.member(event.getUser().getId(), guild.getId(), managesServer(event));
    }

    /**
     * Whether the member acting holds Manage Server in the interaction's server (false in a DM). Where the bot is no
     * member (the app added with its commands only), JDA's server and member are detached: it knows the member's
     * permissions only as Discord sent them with the interaction, for its channel, and asking without a channel throws.
     */
    static boolean managesServer(Interaction event) {
        Guild guild = event.getGuild();
        Member member = event.getMember();
        if (guild == null || member == null) {
            return false;
        }
        if (guild.isDetached() || member.isDetached()) {
            return member.hasPermission(event.getGuildChannel(), Permission.MANAGE_SERVER);
        }
        return member.hasPermission(Permission.MANAGE_SERVER);
    }

    /**
     * Whether this interaction may use a component made for {@code owner} (a component id's owner field): a person's
     * only by that person; a server's shared loops' by any member acting in that server, and never from a DM.
     */
    static boolean mayUse(LoopScope owner, Interaction event) {
        if (!owner.isServer()) {
            return owner.id().equals(event.getUser().getId());
        }
        Guild guild = event.getGuild();
        return guild != null && event.getMember() != null && owner.id().equals(guild.getId());
    }
}
