using System;

namespace Microsoft.Xrm.Sdk.Extensions
{
    /// <summary>Typed access to the services Dataverse passes to a plug-in.</summary>
    public static class ServiceProviderExtensions
    {
        /// <summary>(T)serviceProvider.GetService(typeof(T)); null when the provider has no such service.</summary>
        public static T Get<T>(this IServiceProvider serviceProvider)
        {
            if (serviceProvider == null) throw new ArgumentNullException(nameof(serviceProvider));
            return (T)serviceProvider.GetService(typeof(T));
        }

        /// <summary>An organization service acting as <paramref name="userId"/>.</summary>
        public static IOrganizationService GetOrganizationService(this IServiceProvider serviceProvider, Guid userId)
        {
            var factory = serviceProvider.Get<IOrganizationServiceFactory>();
            if (factory == null) throw new InvalidOperationException("The service provider has no IOrganizationServiceFactory.");
            return factory.CreateOrganizationService(userId);
        }
    }

    public static class ContextExtensions
    {
        /// <summary>The input parameter as T when present and of that type; default(T) otherwise.</summary>
        public static T InputParameterOrDefault<T>(this IPluginExecutionContext context, string key)
        {
            if (context == null) throw new ArgumentNullException(nameof(context));
            return context.InputParameters.TryGetValue(key, out T value) ? value : default(T);
        }
    }
}
