using System;
using System.Globalization;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;

namespace Mci.Plugins.Common
{
    /// <summary>
    /// What a failure in MCI's code becomes for Dataverse: one translation for plug-ins (PluginBase) and workflow
    /// activities (MciActivity), compiled into both assemblies.
    /// <list type="bullet">
    /// <item><see cref="InvalidPluginExecutionException"/> (a rule's refusal) passes through unchanged;</item>
    /// <item><c>FaultException&lt;OrganizationServiceFault&gt;</c> (a failed service call) becomes an
    /// <see cref="InvalidPluginExecutionException"/> with the fault's own message, or, for a privilege refusal, MCI's
    /// message naming the role to ask for (<see cref="PrivilegeFaults"/>);</item>
    /// <item>anything else becomes an <see cref="InvalidPluginExecutionException"/> with a generic bilingual message
    /// naming the class and the correlation id; the details go to the trace log.</item>
    /// </list>
    /// </summary>
    internal static class Failures
    {
        /// <summary>
        /// The exception to throw for <paramref name="failure"/>, after tracing what support needs. Returns
        /// <paramref name="failure"/> itself for a refusal: the caller rethrows it with <c>throw;</c> to keep its stack.
        /// <paramref name="service"/> (asked only for a privilege refusal) reads the user's language and names.
        /// </summary>
        public static InvalidPluginExecutionException Translate(Exception failure, string className, Guid correlationId, Action<string> trace,
            Func<IOrganizationService?> service, Guid initiatingUserId)
        {
            switch (failure)
            {
                case InvalidPluginExecutionException refusal:
                    trace("Refused: " + refusal.Message);
                    return refusal;
                case FaultException<OrganizationServiceFault> fault:
                    trace(string.Format(CultureInfo.InvariantCulture, "Organization service fault 0x{0:X8}: {1}", fault.Detail?.ErrorCode ?? 0, fault));
                    return new InvalidPluginExecutionException(PrivilegeFaults.Message(fault.Detail?.Message ?? fault.Message, service(), initiatingUserId), fault);
                default:
                    trace("Unexpected exception: " + failure);
                    return new InvalidPluginExecutionException(Wording.UnexpectedError(className, correlationId), failure);
            }
        }
    }
}
