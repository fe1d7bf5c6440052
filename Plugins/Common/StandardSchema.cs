// Logical names of the standard Dataverse tables MCI reads or writes (not part of Solution/src, so kept apart from
// Schema.cs, whose constants Tests/Solution.Tests proves against the solution's own tables).
namespace Mci.Plugins.Common.Standard
{
    internal static class SystemUser
    {
        public const string EntityName = "systemuser";
        public const string Id = "systemuserid";
        public const string FullName = "fullname";
        public const string Email = "internalemailaddress";
        public const string IsDisabled = "isdisabled";
    }

    internal static class UserSettings
    {
        public const string EntityName = "usersettings";
        public const string UiLanguageId = "uilanguageid";
    }

    internal static class Team
    {
        public const string EntityName = "team";
        public const string Id = "teamid";
        public const string Name = "name";
        public const string AdministratorId = "administratorid";
    }

    internal static class TeamMembership
    {
        public const string EntityName = "teammembership";
        public const string Id = "teammembershipid";
        public const string UserId = "systemuserid";
        public const string TeamId = "teamid";
    }

    internal static class Role
    {
        public const string EntityName = "role";
        public const string Id = "roleid";
        public const string Name = "name";
    }

    internal static class SystemUserRoles
    {
        public const string EntityName = "systemuserroles";
        public const string Id = "systemuserroleid";
        public const string UserId = "systemuserid";
        public const string RoleId = "roleid";
    }

    internal static class TeamRoles
    {
        public const string EntityName = "teamroles";
        public const string Id = "teamroleid";
        public const string TeamId = "teamid";
        public const string RoleId = "roleid";
    }

    internal static class Annotation
    {
        public const string EntityName = "annotation";
        public const string ObjectId = "objectid";
        public const string Subject = "subject";
        public const string NoteText = "notetext";
    }

    /// <summary>In-app notification (Microsoft Learn: "Send in-app notifications within model-driven apps").</summary>
    internal static class AppNotification
    {
        public const string EntityName = "appnotification";
        public const string Title = "title";
        public const string Body = "body";
        public const string OwnerId = "ownerid";
        public const string IconType = "icontype";
        public const string ToastType = "toasttype";
        public const string Data = "data";
        public const int IconInfo = 100000000;
        public const int ToastTimed = 200000000;
    }

    internal static class TaskActivity
    {
        public const string EntityName = "task";
        public const string Subject = "subject";
        public const string Description = "description";
        public const string RegardingObjectId = "regardingobjectid";
        public const string OwnerId = "ownerid";
        public const string ScheduledEnd = "scheduledend";
    }

    internal static class OpportunityClose
    {
        public const string EntityName = "opportunityclose";
        public const string OpportunityId = "opportunityid";
        /// <summary>The state the close gives the opportunity: 0 Open, 1 Won, 2 Lost.</summary>
        public const string OpportunityStateCode = "opportunitystatecode";
        public const int Won = 1;
    }

    internal static class EnvironmentVariableDefinition
    {
        public const string EntityName = "environmentvariabledefinition";
        public const string Id = "environmentvariabledefinitionid";
        public const string SchemaName = "schemaname";
        public const string DefaultValue = "defaultvalue";
        public const string Type = "type";
    }

    internal static class EnvironmentVariableValue
    {
        public const string EntityName = "environmentvariablevalue";
        public const string DefinitionId = "environmentvariabledefinitionid";
        public const string Value = "value";
    }

    /// <summary>opportunity.statuscode, the five standard reasons.</summary>
    internal static class OpportunityStatusValue
    {
        public const int InProgress = 1, OnHold = 2, Won = 3, Canceled = 4, OutSold = 5;
    }

    /// <summary>Names of the messages MCI's steps and checks refer to.</summary>
    internal static class MessageNames
    {
        public const string Create = "Create", Update = "Update", Delete = "Delete", Win = "Win", Lose = "Lose";
    }

    /// <summary>Pipeline stages (IPluginExecutionContext.Stage).</summary>
    internal static class Stages
    {
        public const int PreValidation = 10, PreOperation = 20, PostOperation = 40;
    }
}
