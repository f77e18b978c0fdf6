import { createGatewayClient, type Credentials } from '../api/gateway-client';
import { useAppStore } from '../store/app-store';

const NONE: Credentials = { baseUrl: '', adminToken: null, apiKey: null };

/** The one client of the gateway, always using the connection's current credentials. */
export const gateway = createGatewayClient(() => useAppStore.getState().connection.credentials ?? NONE);
