using System;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace Mci.Emulator
{
    /// <summary>
    /// The error codes the emulator reports, with the Dataverse names they stand for. Every refusal reaches the
    /// caller as <c>FaultException&lt;OrganizationServiceFault&gt;</c>, as the organization service throws it.
    /// </summary>
    public static class ErrorCodes
    {
        /// <summary>0x80040265 IsvAborted: a plug-in threw InvalidPluginExecutionException (its message is passed on verbatim).</summary>
        public const int PluginAborted = -2147220891;
        /// <summary>0x80040224: a plug-in threw some other exception ("Unexpected exception from plug-in").</summary>
        public const int UnexpectedPluginError = -2147220956;
        /// <summary>0x80040217 ObjectDoesNotExist.</summary>
        public const int ObjectDoesNotExist = -2147220969;
        /// <summary>0x80040220 PrivilegeDenied: the user's roles lack the privilege.</summary>
        public const int PrivilegeDenied = -2147220960;
        /// <summary>0x80048306: the privilege is there but its depth does not reach the record.</summary>
        public const int AccessDenied = -2147187962;
        /// <summary>0x80040237 DuplicateRecord ("Cannot insert duplicate key").</summary>
        public const int DuplicateRecord = -2147220937;
        /// <summary>0x80040203 InvalidArgument.</summary>
        public const int InvalidArgument = -2147220989;
        /// <summary>0x80041103 QueryBuilderNoAttribute: an unknown column.</summary>
        public const int UnknownAttribute = -2147217149;
        /// <summary>0x80041102 QueryBuilderNoEntity: an unknown table.</summary>
        public const int UnknownEntity = -2147217150;
        /// <summary>0x8004431A: a value outside the column's range, choices or length.</summary>
        public const int ValidationError = -2147204326;
        /// <summary>0x80044182 SdkCorrelationTokenDepthTooHigh: plug-ins called each other past depth 8.</summary>
        public const int DepthTooHigh = -2147204734;
        /// <summary>0x80040251: a service call failed inside the transaction and the plug-in carried on.</summary>
        public const int NoActiveTransaction = -2147220911;
        /// <summary>0x8004F508: a secured column without the field security permission.</summary>
        public const int FieldSecurity = -2147158776;
        /// <summary>0x80040231: a restrict-delete relationship still has child rows.</summary>
        public const int DeleteRestricted = -2147220943;
        /// <summary>0x80060882 ConcurrencyVersionMismatch: IfRowVersionMatches with a stale RowVersion.</summary>
        public const int ConcurrencyVersionMismatch = -2147088254;
        /// <summary>0x80040273: wrong statecode/statuscode for the operation.</summary>
        public const int InvalidState = -2147220877;
        /// <summary>0x80044150 "Generic SQL error": what the emulator reports for a deadlock victim (SQL Server error 1205); Dataverse
        /// documents no code of its own for it.</summary>
        public const int SqlError = -2147204784;
        /// <summary>A batch or bulk request (ExecuteMultiple, ExecuteTransaction, CreateMultiple, UpdateMultiple, UpsertMultiple) sent
        /// from plug-in or workflow-activity code, which Dataverse does not support. No documented code: the emulator reports
        /// 0x80040216 (the generic "unexpected error").</summary>
        public const int BatchInsidePlugin = -2147220970;
        /// <summary>0x80040315 "Unrecognized request parameter: {name}": a request carries a parameter its message does not have
        /// (the code and wording Dataverse reports, as quoted in GitHub seanmcne/Microsoft.Xrm.Data.PowerShell issue 283).</summary>
        public const int UnrecognizedRequestParameter = -2147220715;
    }

    /// <summary>Builds the faults the emulator throws.</summary>
    public static class Faults
    {
        public static FaultException<OrganizationServiceFault> Create(int errorCode, string message, string? traceText = null, OrganizationServiceFault? inner = null)
        {
            var fault = new OrganizationServiceFault
            {
                ErrorCode = errorCode,
                Message = message,
                Timestamp = DateTime.UtcNow,
                TraceText = traceText,
                InnerFault = inner,
            };
            return new FaultException<OrganizationServiceFault>(fault, new FaultReason(message));
        }

        internal static FaultException<OrganizationServiceFault> DoesNotExist(string table, Guid id) =>
            Create(ErrorCodes.ObjectDoesNotExist, $"Entity '{table}' With Id = {id:D} Does Not Exist");

        internal static FaultException<OrganizationServiceFault> UnknownTable(string table) =>
            Create(ErrorCodes.UnknownEntity, $"Could not find an entity with name {table} and NameMapping 'Logical'.");

        internal static FaultException<OrganizationServiceFault> UnknownColumn(string table, string column) =>
            Create(ErrorCodes.UnknownAttribute, $"'{table}' entity doesn't contain attribute with Name = '{column}' and NameMapping = 'Logical'.");

        internal static FaultException<OrganizationServiceFault> InvalidArgument(string message) => Create(ErrorCodes.InvalidArgument, message);

        /// <summary>The error code of any exception as the caller sees it (InvalidPluginExecutionException keeps its own).</summary>
        public static int CodeOf(Exception e) => e switch
        {
            FaultException<OrganizationServiceFault> f => f.Detail.ErrorCode,
            InvalidPluginExecutionException p => p.ErrorCode,
            _ => ErrorCodes.UnexpectedPluginError,
        };
    }
}
