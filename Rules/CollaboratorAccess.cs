using System;
using System.Collections.Generic;
using System.Linq;

namespace Mci.Rules
{
    /// <summary>
    /// Rights a share carries, with the values of Dataverse's AccessRights flags (Microsoft.Crm.Sdk.Messages.AccessRights,
    /// https://learn.microsoft.com/dotnet/api/microsoft.crm.sdk.messages.accessrights), so the plug-ins convert by value.
    /// </summary>
    [Flags]
    public enum ShareRights
    {
        None = 0,
        Read = 1,
        Write = 2,
        Append = 4,
        AppendTo = 16,
        Create = 32,
        Delete = 65536,
        Share = 262144,
        Assign = 524288,
    }

    /// <summary>What a team is on one opportunity, as far as access goes.</summary>
    public sealed record TeamStanding
    {
        /// <summary>The team owns the opportunity (ownerid is this team): it has every right by ownership.</summary>
        public bool IsOwner { get; init; }
        /// <summary>The opportunity's mci_leadteamid.</summary>
        public bool IsLead { get; init; }
        /// <summary>The opportunity's routed mci_presalesteamid.</summary>
        public bool IsPresales { get; init; }
        /// <summary>The team holds at least one split line (Revenue or Overlay, active or not) on the opportunity.</summary>
        public bool HoldsLine { get; init; }

        /// <summary>SPEC, Clarifications, "Collaborators can work the deal": a team holding a split line, the routed presales
        /// team and the lead team work the deal.</summary>
        public bool Collaborates => HoldsLine || IsLead || IsPresales;
    }

    /// <summary>What to do with a team's share of an opportunity.</summary>
    public enum ShareAction
    {
        /// <summary>Nothing: the share is as it should be, or is not MCI's to change.</summary>
        None,
        /// <summary>GrantAccess with <see cref="ShareChange.Rights"/>: the team has no share yet.</summary>
        Grant,
        /// <summary>ModifyAccess with <see cref="ShareChange.Rights"/> (the existing rights and MCI's): the team's share lacks some of MCI's rights.</summary>
        Modify,
        /// <summary>RevokeAccess: the team no longer works the deal and its share carries nothing beyond MCI's rights.</summary>
        Revoke,
    }

    /// <summary>One decision about one team's share.</summary>
    public sealed record ShareChange(ShareAction Action, ShareRights Rights)
    {
        public static readonly ShareChange Nothing = new ShareChange(ShareAction.None, ShareRights.None);
    }

    /// <summary>
    /// Access for collaborators (SPEC, Clarifications): the opportunity is shared with each collaborating team with read,
    /// write, append and append-to, and the share goes when the team holds no line and is neither lead nor presales team.
    /// The documented sharing pattern: the record's existing shares are read first; a team without a share gets GrantAccess,
    /// a team whose share lacks some of these rights gets ModifyAccess with the rights it had plus these (ModifyAccess
    /// replaces a share's rights, so nothing someone else gave is narrowed). A share carrying more than MCI gives (say
    /// Delete, Share or Assign) is someone else's grant and is never revoked. The team that owns the deal has every right
    /// by ownership: MCI never shares with it nor revokes from it.
    /// </summary>
    public static class CollaboratorAccess
    {
        /// <summary>The rights a collaborating team gets: read, write, append and append to (SPEC, Clarifications).</summary>
        public const ShareRights Rights = ShareRights.Read | ShareRights.Write | ShareRights.Append | ShareRights.AppendTo;

        /// <summary>
        /// The change to make to <paramref name="team"/>'s share of the deal, given the rights its existing share carries
        /// (<paramref name="existing"/>, null when the team has no share; RetrieveSharedPrincipalsAndAccess lists them).
        /// </summary>
        public static ShareChange Decide(TeamStanding team, ShareRights? existing)
        {
            if (team == null) throw new ArgumentNullException(nameof(team));
            if (team.IsOwner) return ShareChange.Nothing;
            if (team.Collaborates)
            {
                if (existing is not ShareRights rights) return new ShareChange(ShareAction.Grant, Rights);
                return (rights & Rights) == Rights ? ShareChange.Nothing : new ShareChange(ShareAction.Modify, rights | Rights);
            }
            if (existing is not ShareRights held) return ShareChange.Nothing;
            return (held & ~Rights) == ShareRights.None ? new ShareChange(ShareAction.Revoke, ShareRights.None) : ShareChange.Nothing;
        }

        /// <summary>True when the team's existing share (null: none) already carries every right a collaborator needs.</summary>
        public static bool Sufficient(ShareRights? existing) => existing is ShareRights rights && (rights & Rights) == Rights;

        /// <summary>The teams whose standing on a deal an opportunity change may have changed: the lead and presales teams
        /// before and after, each once, without empty ones, and only those whose role changed.</summary>
        public static IReadOnlyList<Guid> TeamsConcerned(Guid? leadBefore, Guid? presalesBefore, Guid? leadAfter, Guid? presalesAfter)
        {
            var before = new[] { leadBefore, presalesBefore };
            var after = new[] { leadAfter, presalesAfter };
            return before.Concat(after)
                .Where(id => id is Guid g && g != Guid.Empty)
                .Select(id => id!.Value)
                .Distinct()
                .Where(id => (leadBefore == id) != (leadAfter == id) || (presalesBefore == id) != (presalesAfter == id))
                .ToArray();
        }
    }
}
